import { TOPICS } from '@aidflow/contracts';
import { EventTap, eventually, testBrokers, TestService } from '@aidflow/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { LagReport } from '../lag/lag.service';
import { opsToken, registerOrgs, ROOT_ORG, startOps, waitLogged } from '../testing/ops-test-kit';
import { AlertPage, AlertsService, AlertView } from './alerts.service';

const HOUR = 3_600_000;

describe('ops-monitor consumer lag and alerts', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let alerts: AlertsService;
  let kafka: Kafka;
  let producer: Producer;
  let token: string;

  const probeGroup = 'lag-probe';
  const opsTopic = () => service.topicPrefix + TOPICS.ops;

  async function active(rule: string, subjectId: string): Promise<AlertView | undefined> {
    const res = await service.app.inject({
      method: 'GET',
      url: `/api/ops/alerts?active=true&rule=${rule}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json<AlertPage>().items.find((a) => a.subjectId === subjectId);
  }

  async function lagReport(): Promise<LagReport> {
    const res = await service.app.inject({
      method: 'GET',
      url: '/api/ops/lag',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json<LagReport>();
  }

  /** A consumer of the probe group that commits each message it reads; resolves with it once joined. */
  async function probeConsumer(seen: { partition: number; offset: string }[]): Promise<Consumer> {
    const consumer = kafka.consumer({
      groupId: service.topicPrefix + probeGroup,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [opsTopic()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
        seen.push({ partition, offset: message.offset });
      },
    });
    await joined;
    return consumer;
  }

  beforeAll(async () => {
    service = await startOps({ OPS_CONSUMER_GROUPS: `ops-monitor,${probeGroup}`, ALERT_LAG: '2' });
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG], [ROOT_ORG, 'QH-GL-MD']]);
    alerts = service.app.get(AlertsService);
    kafka = new Kafka({
      clientId: 'ops-lag-test',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    token = await opsToken(['ops']);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await tap?.stop();
    await service?.close();
  });

  it('reports the lag of a stopped consumer group per partition, raises consumer_lag above ALERT_LAG and clears it', async () => {
    const seen: { partition: number; offset: string }[] = [];
    const first = await tap.publish('system.probe', 'lag-key', { seq: 1 });
    const consumer = await probeConsumer(seen);
    await eventually(async () => (seen.length >= 1 ? true : undefined), {
      what: 'the probe consumer to read',
    });
    const partition = seen[0]?.partition;
    await consumer.disconnect();

    const n = 4;
    for (let seq = 2; seq <= n + 1; seq++) await tap.publish('system.probe', 'lag-key', { seq });
    expect(first.aggregateId).toBe('lag-key');

    const report = await eventually(
      async () => {
        const r = await lagReport();
        const p = r.groups
          .find((g) => g.group === probeGroup)
          ?.topics.find((t) => t.topic === TOPICS.ops)
          ?.partitions.find((x) => x.partition === partition);
        return p && p.lag === n ? r : undefined;
      },
      { what: `lag ${n} for the stopped group` },
    );
    const topic = report.groups
      .find((g) => g.group === probeGroup)
      ?.topics.find((t) => t.topic === TOPICS.ops);
    const p = topic?.partitions.find((x) => x.partition === partition);
    expect(p).toEqual({
      partition,
      committedOffset: Number(seen[0]?.offset) + 1,
      highWatermark: Number(seen[0]?.offset) + 1 + n,
      lag: n,
    });
    // ops-monitor's own group shows up on the topics it has committed on so far.
    expect(
      report.groups.find((g) => g.group === 'ops-monitor')?.topics.map((t) => t.topic),
    ).toEqual(expect.arrayContaining([TOPICS.intake, TOPICS.ops]));
    const metrics = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      `aidflow_consumer_lag{group="${probeGroup}",topic="${TOPICS.ops}",partition="${partition}"} ${n}`,
    );

    const subject = `${probeGroup}@${TOPICS.ops}`;
    const raised = await alerts.evaluate();
    expect(raised.raised.filter((a) => a.subjectId === subject)).toHaveLength(1);
    expect(await active('consumer_lag', subject)).toMatchObject({
      rule: 'consumer_lag',
      severity: 'warning',
    });
    await tap.waitFor('alert.raised', (e) => e.data.subjectId === subject);

    // The group catches up (and stays running): the alert clears.
    const resumed = await probeConsumer(seen);
    try {
      await eventually(
        async () => {
          const r = await lagReport();
          const lag = r.groups
            .find((g) => g.group === probeGroup)
            ?.topics.find((t) => t.topic === TOPICS.ops)?.lag;
          return lag !== undefined && lag <= 2 ? true : undefined;
        },
        { what: 'the probe group to catch up' },
      );
      const cleared = await alerts.evaluate();
      expect(cleared.cleared.map((a) => a.subjectId)).toContain(subject);
      expect(await active('consumer_lag', subject)).toBeUndefined();
    } finally {
      await resumed.disconnect();
    }
  });

  it('approval_age and delivery_age fire and clear as the disbursement moves on', async () => {
    const disbursementId = randomUUID();
    const base = {
      disbursementId,
      fundId: randomUUID(),
      orgCode: 'QH-GL-MD',
      incidentId: randomUUID(),
    };
    const requested = await tap.publish('disbursement.requested', disbursementId, {
      ...base,
      beneficiaryId: randomUUID(),
      amountFen: 120_000,
      purpose: '慰问金',
      requestedBy: 'clerk',
    });
    await waitLogged(service, [requested.id]);
    const t0 = Date.parse(requested.occurredAt);

    expect(
      (await alerts.evaluate(new Date(t0 + 23 * HOUR))).raised.filter(
        (a) => a.subjectId === disbursementId,
      ),
    ).toHaveLength(0);
    const first = await alerts.evaluate(new Date(t0 + 25 * HOUR));
    expect(first.raised.filter((a) => a.subjectId === disbursementId)).toMatchObject([
      { rule: 'approval_age', orgCode: 'QH-GL-MD' },
    ]);
    expect(first.raised.find((a) => a.subjectId === disbursementId)?.message).toContain('¥1200.00');
    // Idempotent: evaluating again raises nothing new.
    expect(
      (await alerts.evaluate(new Date(t0 + 26 * HOUR))).raised.filter(
        (a) => a.subjectId === disbursementId,
      ),
    ).toHaveLength(0);
    expect(await active('approval_age', disbursementId)).toBeDefined();

    const approved = await tap.publish('disbursement.approved', disbursementId, {
      ...base,
      beneficiaryId: randomUUID(),
      amountFen: 120_000,
      approvedBy: ['approver'],
    });
    await waitLogged(service, [approved.id]);
    const t1 = Date.parse(approved.occurredAt);
    const second = await alerts.evaluate(new Date(t1 + 4 * 24 * HOUR));
    expect(second.cleared.filter((a) => a.subjectId === disbursementId).map((a) => a.rule)).toEqual(
      ['approval_age'],
    );
    expect(second.raised.filter((a) => a.subjectId === disbursementId).map((a) => a.rule)).toEqual([
      'delivery_age',
    ]);

    const delivered = await tap.publish('disbursement.delivered', disbursementId, {
      ...base,
      beneficiaryId: randomUUID(),
      amountFen: 120_000,
      visitId: randomUUID(),
    });
    await waitLogged(service, [delivered.id]);
    const third = await alerts.evaluate(new Date(t1 + 4 * 24 * HOUR));
    expect(third.cleared.filter((a) => a.subjectId === disbursementId).map((a) => a.rule)).toEqual([
      'delivery_age',
    ]);
    expect(await active('delivery_age', disbursementId)).toBeUndefined();
    await tap.waitFor(
      'alert.cleared',
      (e) => e.data.subjectId === disbursementId && e.data.rule === 'delivery_age',
    );
  });

  it('site_unvisited fires 48 h after registration and clears with the first visit', async () => {
    const siteId = randomUUID();
    const incidentId = randomUUID();
    const registeredAt = new Date().toISOString();
    const site = await tap.publish('site.registered', siteId, {
      siteId,
      incidentId,
      name: '黄河乡安置点',
      kind: 'resettlement',
      areaCode: '632626',
      orgCode: 'QH-GL-MD',
      registeredAt,
    });
    await waitLogged(service, [site.id]);
    const t0 = Date.parse(registeredAt);
    expect(
      (await alerts.evaluate(new Date(t0 + 47 * HOUR))).raised.filter(
        (a) => a.subjectId === siteId,
      ),
    ).toHaveLength(0);
    expect(
      (await alerts.evaluate(new Date(t0 + 49 * HOUR))).raised.filter(
        (a) => a.subjectId === siteId,
      ),
    ).toMatchObject([{ rule: 'site_unvisited', incidentId }]);

    const visitId = randomUUID();
    const visit = await tap.publish('visit.logged', visitId, {
      visitId,
      teamId: randomUUID(),
      siteId,
      incidentId,
      orgCode: 'QH-GL-MD',
      visitedAt: new Date().toISOString(),
      status: 'accepted',
      beneficiaries: [],
    });
    await waitLogged(service, [visit.id]);
    expect(
      (await alerts.evaluate(new Date(t0 + 49 * HOUR))).cleared
        .filter((a) => a.subjectId === siteId)
        .map((a) => a.rule),
    ).toEqual(['site_unvisited']);
  });

  it('a discrepancy raises at once and clears when an operator acknowledges it', async () => {
    const report = await tap.publish('discrepancy.reported', randomUUID(), {
      kind: 'cash',
      disbursementId: randomUUID(),
      expected: 100_000,
      actual: 90_000,
      orgCode: 'QH-GL-MD',
      reason: 'short by 100 yuan',
    });
    const alert = await eventually(() => active('discrepancy', report.id), {
      what: 'a discrepancy alert',
    });
    expect(alert.message).toContain('¥1000.00');
    expect((await alerts.evaluate()).raised.filter((a) => a.subjectId === report.id)).toHaveLength(
      0,
    );

    const field = await opsToken(['finance']);
    const refused = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert.id}/acknowledge`,
      headers: { authorization: `Bearer ${field}` },
    });
    expect(refused.statusCode).toBe(403);
    const ack = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert.id}/acknowledge`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ id: alert.id, active: false, clearedBy: 'user-ops' });
    expect(await active('discrepancy', report.id)).toBeUndefined();
    expect((await alerts.evaluate()).raised.filter((a) => a.subjectId === report.id)).toHaveLength(
      0,
    );
    const again = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert.id}/acknowledge`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a message dead-lettered on any topic raises dlq for that topic (recorded once) and clears on acknowledgement', async () => {
    // Not JSON: ops-monitor's own inbox dead-letters it to the .dlq twin, where the DLQ reader finds it.
    await producer.send({
      topic: service.topicPrefix + TOPICS.visits,
      messages: [{ key: 'junk', value: 'this is not an event' }],
    });
    const subject = `${TOPICS.visits}.dlq`;
    const alert = await eventually(() => active('dlq', subject), { what: 'a dlq alert' });
    expect(alert).toMatchObject({ severity: 'critical', subjectType: 'topic' });
    const recorded = await service.app
      .get(DataSource)
      .query<{ n: number; reason: string }[]>(
        `SELECT count(*)::int AS n, max(reason) AS reason FROM dlq_message WHERE topic = $1`,
        [subject],
      );
    expect(recorded[0]).toEqual({ n: 1, reason: 'malformed_json' });

    const ack = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert.id}/acknowledge`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ack.statusCode).toBe(200);
    expect((await alerts.evaluate()).raised.filter((a) => a.subjectId === subject)).toHaveLength(0);
    const metrics = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/aidflow_alerts_active\{rule="dlq"\} 0/);
  });
});
