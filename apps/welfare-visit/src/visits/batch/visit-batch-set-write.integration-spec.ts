import { signDevToken } from '@aidflow/auth';
import { randomUUID } from 'node:crypto';
import { startVisitWorld, VisitWorld, VISITED_AT } from '../../testing/visit-test-kit';

interface SyncResult {
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  details?: { field: string; problem: string }[];
}

// A large offline batch is written set-based (one transaction for its plain visits), and still
// answers each item as the per-visit path would: rejections, duplicates and resends included,
// one row, one event and one audit entry per accepted visit, one follow-up per need.
describe('POST /api/visits/batch writes plain visits set-based (real Postgres, real broker)', () => {
  let world: VisitWorld;
  const visit = (i: number, overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    teamId: world.teamId,
    siteId: world.siteId,
    visitedAt: VISITED_AT,
    notes: `慰问 ${i}`,
    beneficiaries: [
      {
        beneficiaryId: world.beneficiaryIds[i % world.beneficiaryIds.length],
        ...(i % 10 === 0 ? { needs: ['psychological'] } : {}),
        ...(i % 7 === 0 ? { goods: [{ itemCode: 'cotton-coat', quantity: 1 }] } : {}),
      },
    ],
    ...overrides,
  });
  const sync = async (visits: unknown[], token = world.fieldToken) => {
    const res = await world.service.app.inject({
      method: 'POST',
      url: '/api/visits/batch',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ visits }),
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ results: SyncResult[] }>().results;
  };
  const count = async (sql: string, params: unknown[]) => {
    const [row] = await world.db().query<Record<string, string>[]>(sql, params);
    return Number(Object.values(row ?? {})[0]);
  };

  beforeAll(async () => {
    world = await startVisitWorld(5);
  });
  afterAll(() => world?.stop());

  it('answers 300 mixed items per item and writes the plain ones in one transaction', async () => {
    const stored = visit(1000);
    expect((await sync([stored]))[0]?.status).toBe('accepted');

    const plain = Array.from({ length: 290 }, (_, i) => visit(i));
    const twice = visit(2000);
    const items: unknown[] = [
      ...plain.slice(0, 100),
      visit(3000, { beneficiaries: [{ beneficiaryId: randomUUID() }] }), // 100: unknown beneficiary
      twice, // 101
      { ...stored }, // 102: resend, same content
      { ...stored, notes: 'changed' }, // 103: resend, other content
      twice, // 104: same id again in this batch
      visit(3001, { visitedAt: '2021-05-01T10:00:00+08:00' }), // 105: before the incident
      ...plain.slice(100),
    ];
    const results = await sync(items);
    expect(results).toHaveLength(items.length);
    expect(results[100]).toMatchObject({
      status: 'rejected',
      details: [{ field: 'visits.100.beneficiaries.0.beneficiaryId' }],
    });
    expect(results[101]?.status).toBe('accepted');
    expect(results[102]?.status).toBe('duplicate');
    expect(results[103]).toMatchObject({
      status: 'rejected',
      details: [{ field: 'visits.103.id' }],
    });
    expect(results[104]?.status).toBe('duplicate');
    expect(results[105]).toMatchObject({
      status: 'rejected',
      details: [{ field: 'visits.105.visitedAt' }],
    });
    const plainResults = [...results.slice(0, 100), ...results.slice(106)];
    expect(plainResults.every((r) => r.status === 'accepted')).toBe(true);
    expect(plainResults.map((r) => r.id)).toEqual(plain.map((v) => v.id));

    const ids = plain.map((v) => v.id);
    expect(await count(`SELECT count(*) FROM visits WHERE id = ANY($1::uuid[])`, [ids])).toBe(290);
    // One transaction for the set: every plain visit row carries the same xmin.
    expect(
      await count(`SELECT count(DISTINCT xmin::text) FROM visits WHERE id = ANY($1::uuid[])`, [
        ids,
      ]),
    ).toBe(1);
    const textIds = ids.map(String);
    expect(
      await count(
        `SELECT count(*) FROM outbox WHERE type = 'visit.logged' AND aggregate_id = ANY($1::text[])`,
        [textIds],
      ),
    ).toBe(290);
    expect(
      await count(
        `SELECT count(*) FROM audit_log WHERE action = 'visit.log' AND target_id = ANY($1::text[])`,
        [textIds],
      ),
    ).toBe(290);
    const needs = plain.filter((_, i) => i % 10 === 0).length;
    expect(
      await count(`SELECT count(*) FROM follow_ups WHERE visit_id = ANY($1::uuid[])`, [ids]),
    ).toBe(needs);
    expect(
      await count(
        `SELECT count(*) FROM outbox o JOIN follow_ups f ON o.aggregate_id = f.id::text
          WHERE o.type = 'followup.opened' AND f.visit_id = ANY($1::uuid[])`,
        [ids],
      ),
    ).toBe(needs);
    const goods = plain.filter((_, i) => i % 7 === 0).length;
    expect(
      await count(`SELECT count(*) FROM visit_goods_lines WHERE visit_id = ANY($1::uuid[])`, [ids]),
    ).toBe(goods);
    expect(
      await count(`SELECT count(*) FROM visit_beneficiaries WHERE visit_id = ANY($1::uuid[])`, [
        ids,
      ]),
    ).toBe(290);
  });

  it('refuses the items of a team the caller does not belong to, each naming its own path', async () => {
    const stranger = await signDevToken({ sub: 'u-other-field', roles: ['field'], orgCode: 'MD' });
    const results = await sync([visit(1), visit(2)], stranger);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => r.details?.[0]?.field)).toEqual([
      'visits.0.teamId',
      'visits.1.teamId',
    ]);
  });
});
