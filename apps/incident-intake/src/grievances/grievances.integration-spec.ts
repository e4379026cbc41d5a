import { eventually, EventTap } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeKit } from '../testing/intake-test-kit';
import { GrievanceOverdueJob } from './grievance-overdue.job';

const DAY = 86_400_000;

describe('grievances (real Postgres, real broker)', () => {
  let kit: IntakeKit;
  let tap: EventTap;
  let beneficiaryId: string;
  const db = () => kit.service.app.get(DataSource);

  const open = (who: Parameters<IntakeKit['call']>[2], body: Record<string, unknown>) =>
    kit.call('POST', '/api/grievances', who, {
      incidentId: kit.incidentId,
      category: 'complaint',
      description: '发放名单漏了我家，电话 13800000000',
      ...body,
    });
  const listIds = async (who: Parameters<IntakeKit['call']>[2], query = '') =>
    ((await kit.ok('GET', `/api/grievances${query}`, who)).items as { id: string }[]).map(
      (g) => g.id,
    );

  beforeAll(async () => {
    kit = await IntakeKit.start();
    tap = await new EventTap(kit.service.topicPrefix).start();
    await kit.seedTreeAndIncident();
    beneficiaryId = await kit.register('deep');
  });

  afterAll(async () => {
    await tap?.stop();
    await kit?.service.close();
  });

  it('opens, assigns and closes a grievance; the event carries no description', async () => {
    const created = await open('mdField', { beneficiaryId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'open',
      category: 'complaint',
      orgCode: 'MD',
      source: 'manual',
      overdue: false,
    });
    const id = String(created.body.id);
    const opened = await tap.waitFor('grievance.opened', (e) => e.data.grievanceId === id);
    expect(JSON.stringify(opened)).not.toContain('13800000000');
    expect(Date.parse(String(created.body.dueAt)) - Date.parse(String(created.body.openedAt))).toBe(
      30 * DAY,
    );

    expect(
      (await kit.call('POST', `/api/grievances/${id}/assign`, 'mdField', { assigneeId: 'u1' }))
        .status,
    ).toBe(403);
    const assigned = await kit.call('POST', `/api/grievances/${id}/assign`, 'qhOps', {
      assigneeId: 'u-md-ops',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assigneeId: 'u-md-ops' });
    const closed = await kit.call('POST', `/api/grievances/${id}/close`, 'qhOps', {
      outcome: '已补登并发放',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: '已补登并发放',
      closedBy: 'u-qh-ops',
    });
    expect(
      (await kit.call('POST', `/api/grievances/${id}/close`, 'qhOps', { outcome: 'x' })).status,
    ).toBe(409);
    await tap.waitFor('grievance.closed', (e) => e.data.grievanceId === id);
    expect(await listIds('qhOps', '?status=closed')).toContain(id);
    expect(await listIds('qhOps', '?status=open')).not.toContain(id);
  });

  it('refuses unknown fields and a beneficiary of another incident; re-sending a client id returns the first', async () => {
    const bad = await open('mdField', { category: 'gossip', extra: 1 });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.details?.map((d) => d.field))).toEqual(new Set(['category', 'extra']));
    const stranger = await open('mdField', { beneficiaryId: randomUUID() });
    expect(stranger.status).toBe(422);
    const id = randomUUID();
    const first = await open('mdField', { id });
    const again = await open('mdField', { id });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await open('qhOps', { id })).status).toBe(409);
  });

  it('is scoped to the subtree; sensitive grievances are visible to admins only', async () => {
    const plain = String((await open('mdField', {})).body.id);
    const sensitive = await open('mdField', {
      category: 'sensitive',
      description: '反映干部索要好处',
    });
    expect(sensitive.status).toBe(201);
    const sid = String(sensitive.body.id);
    expect(
      Date.parse(String(sensitive.body.dueAt)) - Date.parse(String(sensitive.body.openedAt)),
    ).toBe(DAY);

    // Outside the subtree: neither.
    expect(await listIds('xzField')).toEqual([]);
    expect((await kit.call('GET', `/api/grievances/${plain}`, 'xzField')).status).toBe(404);
    // Ops in scope: the plain one, not the sensitive one, not even by id.
    const opsSees = await listIds('qhOps', '?limit=200');
    expect(opsSees).toContain(plain);
    expect(opsSees).not.toContain(sid);
    expect((await kit.call('GET', `/api/grievances/${sid}`, 'qhOps')).status).toBe(404);
    expect(
      (await kit.call('POST', `/api/grievances/${sid}/assign`, 'qhOps', { assigneeId: 'x' }))
        .status,
    ).toBe(404);
    expect(await listIds('mdField', '?category=sensitive')).toEqual([]);
    // An admin in scope sees and handles it.
    expect(await listIds('qhAdmin', '?category=sensitive')).toContain(sid);
    expect((await kit.call('GET', `/api/grievances/${sid}`, 'qhAdmin')).body).toMatchObject({
      description: '反映干部索要好处',
    });
  });

  it('publishes grievance.overdue once, after 1 day for sensitive and 30 days for the others', async () => {
    const sensitive = String((await open('mdField', { category: 'sensitive' })).body.id);
    const other = String((await open('mdField', { category: 'data_change' })).body.id);
    const job = kit.service.app.get(GrievanceOverdueJob);
    const start = Date.now();
    expect(await job.sweep(new Date(start + DAY - 60_000))).not.toContain(sensitive);
    const afterDay = await job.sweep(new Date(start + DAY + 60_000));
    expect(afterDay).toContain(sensitive);
    expect(afterDay).not.toContain(other);
    expect(await job.sweep(new Date(start + 29 * DAY))).not.toContain(other);
    const later = await job.sweep(new Date(start + 31 * DAY));
    expect(later).toContain(other);
    expect(later).not.toContain(sensitive);
    await tap.waitFor('grievance.overdue', (e) => e.data.grievanceId === other);
    const [{ n }] = await db().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'grievance.overdue' AND aggregate_id = ANY($1)`,
      [[sensitive, other]],
    );
    expect(n).toBe(2);
    // A closed one is never overdue.
    const closedOne = String((await open('mdField', { category: 'other' })).body.id);
    await kit.ok('POST', `/api/grievances/${closedOne}/close`, 'qhOps', { outcome: '已解决' });
    expect(await job.sweep(new Date(start + 60 * DAY))).not.toContain(closedOne);
  });

  it('opens a payment_verification grievance from a verification outcome, once per item', async () => {
    const verificationId = randomUUID();
    const disbursementId = randomUUID();
    const data = {
      verificationId,
      disbursementId,
      beneficiaryId,
      fundId: randomUUID(),
      outcome: 'not_received' as const,
      expectedAmountFen: 100_000,
      recordedBy: 'u-qh-fin',
      orgCode: 'QH',
      incidentId: kit.incidentId,
    };
    const event = await tap.publish(
      'verification.discrepancy',
      `${verificationId}:${disbursementId}`,
      data,
    );
    // A redelivery of the same event and a second event about the same item change nothing.
    await tap.publishRaw(event);
    const third = await tap.publish(
      'verification.discrepancy',
      `${verificationId}:${disbursementId}`,
      data,
    );
    const second = await tap.publish('verification.discrepancy', `${verificationId}:x`, {
      ...data,
      disbursementId: randomUUID(),
      outcome: 'received_with_issues',
      receivedAmountFen: 50_000,
    });
    const found = await eventually(async () => {
      const rows = (
        await kit.ok(
          'GET',
          `/api/grievances?beneficiaryId=${beneficiaryId}&category=payment_verification`,
          'qhOps',
        )
      ).items as {
        description: string;
        source: string;
        orgCode: string;
      }[];
      return rows.length === 2 ? rows : undefined;
    });
    expect(found.map((g) => g.source)).toEqual(['verification', 'verification']);
    expect(found.map((g) => g.orgCode)).toEqual(['MD', 'MD']);
    expect(found.map((g) => g.description).join(' ')).toContain('not received');
    expect(found.map((g) => g.description).join(' ')).toContain('¥500.00 received');
    await eventually(async () => {
      const [{ n }] = await db().query<{ n: number }[]>(
        `SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1)`,
        [[event.id, third.id, second.id]],
      );
      return n === 3 ? true : undefined;
    });
    expect(
      (
        (
          await kit.ok(
            'GET',
            `/api/grievances?beneficiaryId=${beneficiaryId}&category=payment_verification`,
            'qhOps',
          )
        ).items as unknown[]
      ).length,
    ).toBe(2);
  });
});
