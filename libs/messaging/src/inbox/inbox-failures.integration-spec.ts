import { createEvent, DLQ_HEADERS, dlqTopic, TOPICS } from '@aidflow/contracts';
import { eventually, testDatabaseUrl, uniqueName, testBrokers } from '@aidflow/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { MessagingMetrics } from '../messaging.metrics';
import { MessagingRuntime } from '../messaging.runtime';
import { CreateProbeProjection1764000000001, ProbeConsumer } from '../testing/probe';
import { SpineNode, startSpineNode } from '../testing/spine-harness';

const BACKOFF_MS = 400;

// How the inbox treats a handler that fails: what it retries, where it waits, and when the dead
// letter leaves (after its inbox row commits, never before).
describe('inbox failure handling (real Postgres, real broker)', () => {
  const prefix = `${uniqueName('inbox_fail')}.`;
  const topic = `${prefix}${TOPICS.ops}`;
  const schema = uniqueName('inbox_fail');
  let node: SpineNode;
  let producer: Producer;
  let dlqReader: Consumer;
  const letters: { eventId: string; attempts: number; partition: number; offset: string }[] = [];

  beforeAll(async () => {
    node = await startSpineNode({
      serviceName: 'inbox-fail',
      schema,
      topicPrefix: prefix,
      providers: [ProbeConsumer],
      migrations: [CreateProbeProjection1764000000001],
      relay: false,
      maxAttempts: 3,
      retryBackoffMs: BACKOFF_MS,
    });
    await node.app.get(MessagingRuntime).inbox!.ready();
    const kafka = new Kafka({
      clientId: 'inbox-fail-test',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer();
    await producer.connect();
    dlqReader = kafka.consumer({
      groupId: `${prefix}dlq-reader`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: dlqTopic(topic as typeof TOPICS.ops), fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString() ?? '{}') as { id?: string };
        letters.push({
          eventId: value.id ?? '',
          attempts: Number(message.headers?.[DLQ_HEADERS.attempts]?.toString()),
          partition: Number(message.headers?.[DLQ_HEADERS.originPartition]?.toString()),
          offset: message.headers?.[DLQ_HEADERS.originOffset]?.toString() ?? '',
        });
      },
    });
  });
  afterAll(async () => {
    await dlqReader?.disconnect();
    await producer?.disconnect();
    await node?.close();
  });

  const probe = (seq: number, note?: string, key = `k-${seq}`) =>
    createEvent('system.probe', {
      aggregateId: key,
      data: { seq, ...(note ? { note } : {}) },
      producer: 'test',
      correlationId: 'c',
    });
  const send = (...events: ReturnType<typeof probe>[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.aggregateId, value: JSON.stringify(e) })),
    });
  const lettersOf = (id: string) => letters.filter((l) => l.eventId === id);
  const retried = async () =>
    (await node.app.get(MessagingMetrics).retried.get()).values.reduce(
      (sum, v) => sum + v.value,
      0,
    );
  const applied = async (id: string) =>
    Number(
      (
        await node.dataSource.query(
          `SELECT count(*)::int AS n FROM probe_projection WHERE event_id = $1`,
          [id],
        )
      )[0].n,
    );

  it('a NonRetryableError is dead-lettered after one attempt, without retries or backoff', async () => {
    const before = await retried();
    const refused = probe(1, 'refuse');
    const started = Date.now();
    await send(refused);
    const [letter] = await eventually(
      async () => (lettersOf(refused.id).length > 0 ? lettersOf(refused.id) : undefined),
      {
        what: 'the dead letter of the refused probe',
      },
    );
    expect(letter.attempts).toBe(1);
    expect(await retried()).toBe(before);
    // With retries it would wait at least BACKOFF_MS + 2 × BACKOFF_MS.
    expect(Date.now() - started).toBeLessThan(3 * BACKOFF_MS);
  });

  it('while a message waits to be retried, no lock taken by the messages before it is held', async () => {
    const key = 'same-partition';
    const locker = probe(2, 'take-lock', key);
    const failing = probe(3, 'always-throw', key);
    const before = await retried();
    await send(locker, failing);
    // The failing probe's first attempt is over: the consumer is in its backoff now.
    await eventually(async () => ((await retried()) > before ? true : undefined), {
      what: 'a retry',
    });
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      await client.query(`SET lock_timeout = '${Math.round(BACKOFF_MS / 2)}ms'`);
      await client.query('BEGIN');
      // Fails with "canceling statement due to lock timeout" if the batch still holds it.
      await client.query(
        `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.probe-write-lock'))`,
      );
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect(await applied(locker.id)).toBe(1);
    await eventually(async () => (lettersOf(failing.id).length > 0 ? true : undefined), {
      what: 'the dead letter',
      timeoutMs: 10000,
    });
  });

  it('a dead letter is sent only after its inbox row commits: a failed commit sends none', async () => {
    // The first commit that records this event as dead-lettered fails (a deferred trigger).
    const victim = probe(4, 'refuse');
    // A sequence, not a table, counts the tries: it does not roll back with the failed commit.
    await node.dataSource.query(`CREATE SEQUENCE fail_once`);
    await node.dataSource.query(`
      CREATE FUNCTION fail_commit_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.outcome = 'dead_lettered' AND NEW.event_id = '${victim.id}' AND nextval('fail_once') = 1 THEN
          RAISE EXCEPTION 'commit refused once';
        END IF;
        RETURN NULL;
      END $$`);
    await node.dataSource.query(`
      CREATE CONSTRAINT TRIGGER fail_commit_once AFTER INSERT OR UPDATE ON inbox
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit_once()`);
    await send(victim);
    await eventually(
      async () => {
        const [row] = await node.dataSource.query(`SELECT outcome FROM inbox WHERE event_id = $1`, [
          victim.id,
        ]);
        return row?.outcome === 'dead_lettered' ? true : undefined;
      },
      { what: 'the dead-lettered inbox row', timeoutMs: 20000 },
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(lettersOf(victim.id)).toHaveLength(1);
  });

  it('a message that is no event is dead-lettered once, also when Kafka delivers it again', async () => {
    const marker = `poison-${uniqueName('p')}`;
    const value = JSON.stringify({ id: marker, type: 'no.such.event' });
    await producer.send({ topic, acks: -1, messages: [{ key: marker, value }] });
    const [letter] = await eventually(
      async () => (lettersOf(marker).length > 0 ? lettersOf(marker) : undefined),
      { what: 'the dead letter of the poison message' },
    );
    // The same message at the same offset again, as after a crash or a rebalance before commit.
    const inbox = node.app.get(MessagingRuntime).inbox!;
    await inbox['consumeMessage'](
      topic,
      letter.partition,
      {
        key: Buffer.from(marker),
        value: Buffer.from(value),
        offset: letter.offset,
        timestamp: String(Date.now()),
        attributes: 0,
        headers: {},
      },
      async () => {},
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(lettersOf(marker)).toHaveLength(1);
  });
});
