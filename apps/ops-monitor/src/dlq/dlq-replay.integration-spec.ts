import { dlqTopic, TOPICS } from '@aidflow/contracts';
import { EventTap, eventually, TestService, testBrokers } from '@aidflow/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { opsToken, registerOrgs, ROOT_ORG, startOps } from '../testing/ops-test-kit';
import { DeadLetterView } from './dlq.service';

// The contract's "Dead letters": a poison message is listed with its reason, replayed once its
// cause is fixed, and applied exactly once however often it is replayed.
describe('DLQ list and replay (real Postgres, real broker)', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let db: DataSource;
  let token: string;

  beforeAll(async () => {
    service = await startOps({ MAX_ATTEMPTS: '2', RETRY_BACKOFF_MS: '10' });
    db = service.app.get(DataSource);
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG]]);
    token = await opsToken(['ops']);
  });
  afterAll(async () => {
    await tap?.stop();
    await service?.close();
  });

  const get = async (url: string, bearer = token) =>
    service.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
  const replay = async (id: string, payload: unknown = {}) =>
    service.app.inject({
      method: 'POST',
      url: `/api/ops/dlq/${id}/replay`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });
  const logged = async (eventId: string) =>
    (
      await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM event_log WHERE event_id = $1`,
        [eventId],
      )
    )[0].n;
  const inboxOutcome = async (eventId: string) =>
    (
      await db.query<{ outcome: string }[]>(`SELECT outcome FROM inbox WHERE event_id = $1`, [
        eventId,
      ])
    )[0]?.outcome;

  it('records a dead letter whose parse error quotes a NUL byte (it stopped the recorder once)', async () => {
    const key = `nul-poison-${randomUUID()}`;
    const producer = new Kafka({
      clientId: 'nul-poison',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({
      topic: `${service.topicPrefix}${TOPICS.ops}`,
      messages: [{ key, value: Buffer.from([0xff, 0x00, 0x7b, 0x22]) }],
    });
    await producer.disconnect();
    const letter = await eventually(
      async () => {
        const [row] = await db.query<{ reason: string; error: string }[]>(
          `SELECT reason, error FROM dlq_message WHERE message_key = $1`,
          [key],
        );
        return row;
      },
      { timeoutMs: 30000, what: 'the dead letter recorded' },
    );
    expect(letter.reason).toBe('malformed_json');
    expect(letter.error).toMatch(/not JSON/);
  });

  it('lists a poison message with its reason, replays it once fixed, and applies it exactly once', async () => {
    const eventId = randomUUID();
    // The cause: ops-monitor's event log refuses this one event (as a bug or a bad deploy would).
    await db.query(
      `ALTER TABLE event_log ADD CONSTRAINT poison_probe CHECK (event_id <> '${eventId}')`,
    );
    await tap.publish('system.probe', 'dlq-probe', { seq: 1 }, { id: eventId });

    const letter = await eventually(
      async () => {
        const res = await get(`/api/ops/dlq?topic=${TOPICS.ops}`);
        expect(res.statusCode).toBe(200);
        return res.json<{ items: DeadLetterView[] }>().items.find((d) => d.eventId === eventId);
      },
      { timeoutMs: 30000, what: 'the dead letter listed' },
    );
    expect(letter).toMatchObject({
      topic: dlqTopic(TOPICS.ops),
      originTopic: TOPICS.ops,
      reason: 'handler_failed',
      eventType: 'system.probe',
      replays: 0,
    });
    expect(letter.error).toMatch(/poison_probe/);
    expect(await logged(eventId)).toBe(0);
    expect(await inboxOutcome(eventId)).toBe('dead_lettered');
    // The filter accepts the dead-letter topic's own name, and another topic lists none of it.
    const byDlqName = (await get(`/api/ops/dlq?topic=${dlqTopic(TOPICS.ops)}`)).json<{
      items: DeadLetterView[];
    }>();
    expect(byDlqName.items.map((d) => d.id)).toContain(letter.id);
    const other = (await get(`/api/ops/dlq?topic=${TOPICS.funds}`)).json<{
      items: DeadLetterView[];
    }>();
    expect(other.items.map((d) => d.id)).not.toContain(letter.id);

    await db.query(`ALTER TABLE event_log DROP CONSTRAINT poison_probe`);
    const first = await replay(letter.id);
    expect(first.statusCode).toBe(200);
    expect(first.json<DeadLetterView>()).toMatchObject({ id: letter.id, replays: 1 });
    expect(first.json<DeadLetterView>().acknowledgedAt).not.toBeNull();
    await eventually(async () => ((await logged(eventId)) === 1 ? true : undefined), {
      timeoutMs: 30000,
      what: 'the replayed event applied',
    });
    expect(await inboxOutcome(eventId)).toBe('processed');

    // Twice: published again, skipped by the inbox.
    const copiesBefore = tap.seen.filter((m) => m.event.id === eventId).length;
    expect((await replay(letter.id)).json<DeadLetterView>().replays).toBe(2);
    await eventually(
      async () =>
        tap.seen.filter((m) => m.event.id === eventId).length > copiesBefore ? true : undefined,
      { what: 'the second replay on the topic' },
    );
    await eventually(
      async () => {
        const [row] = await db.query<{ published: boolean }[]>(
          `SELECT published_at IS NOT NULL AS published FROM outbox WHERE id = $1`,
          [eventId],
        );
        return row?.published ? true : undefined;
      },
      { what: 'the outbox row published again' },
    );
    // The group has read past the copy when a later event is logged behind it on the same key.
    const marker = await tap.publish('system.probe', 'dlq-probe', { seq: 2 });
    await eventually(async () => ((await logged(marker.id)) === 1 ? true : undefined), {
      what: 'the marker',
    });
    expect(await logged(eventId)).toBe(1);
    const [audit] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'dlq.replay' AND target_id = $1`,
      [letter.id],
    );
    expect(audit.n).toBe(2);
  });

  it('refuses other roles, unknown ids and bodies with fields', async () => {
    expect((await get('/api/ops/dlq', await opsToken(['finance']))).statusCode).toBe(403);
    expect((await get('/api/ops/dlq', await opsToken(['field']))).statusCode).toBe(403);
    expect((await get('/api/ops/dlq?topic=nope')).statusCode).toBe(400);
    expect((await replay(randomUUID())).statusCode).toBe(404);
    const [any] = await db.query<{ id: string }[]>(`SELECT id FROM dlq_message LIMIT 1`);
    const withField = await replay(any?.id ?? randomUUID(), { force: true });
    expect(withField.statusCode).toBe(400);
    expect(JSON.stringify(withField.json())).toContain('force');
  });
});
