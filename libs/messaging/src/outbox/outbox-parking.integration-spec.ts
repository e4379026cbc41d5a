import { createEvent, DLQ_HEADERS, dlqTopic, TOPICS } from '@aidflow/contracts';
import { eventually, uniqueName } from '@aidflow/testing';
import { Consumer, Producer, ProducerBatch } from 'kafkajs';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MessagingMetrics } from '../messaging.metrics';
import { MessagingRuntime } from '../messaging.runtime';
import { CreateProbeProjection1764000000001, ProbeConsumer } from '../testing/probe';
import { SpineNode, startSpineNode } from '../testing/spine-harness';
import { OutboxRelay } from './outbox-relay';

const MAX_ATTEMPTS = 3;

// A row the broker refuses for good is counted, parked after MAX_ATTEMPTS with its error, and
// announced on the .dlq; the rows behind it keep flowing.
describe('outbox parking (real Postgres, real broker)', () => {
  const prefix = `${uniqueName('parking')}.`;
  const probeTopic = `${prefix}${TOPICS.ops}`;
  let a: SpineNode;
  let b: SpineNode;
  let dlqReader: Consumer;
  const notices: { reason: string; error: string; eventId: string; value: string | null }[] = [];

  beforeAll(async () => {
    a = await startSpineNode({
      serviceName: 'park-a',
      schema: uniqueName('park_a'),
      topicPrefix: prefix,
      relay: false,
    });
    b = await startSpineNode({
      serviceName: 'park-b',
      schema: uniqueName('park_b'),
      topicPrefix: prefix,
      providers: [ProbeConsumer],
      migrations: [CreateProbeProjection1764000000001],
      relay: false,
    });
    await b.app.get(MessagingRuntime).inbox!.ready();
    dlqReader = a.app.get(KafkaConnection).kafka.consumer({
      groupId: `${prefix}dlq-reader`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    await dlqReader.connect();
    await dlqReader.subscribe({
      topic: dlqTopic(probeTopic as typeof TOPICS.ops),
      fromBeginning: true,
    });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        notices.push({
          reason: message.headers?.[DLQ_HEADERS.reason]?.toString() ?? '',
          error: message.headers?.[DLQ_HEADERS.error]?.toString() ?? '',
          eventId: message.headers?.['aidflow-event-id']?.toString() ?? '',
          value: message.value ? message.value.toString() : null,
        });
      },
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await dlqReader?.disconnect();
    await b?.close();
    await a?.close();
  });

  const relay = () =>
    new OutboxRelay(
      a.dataSource,
      a.app.get(KafkaConnection),
      {
        batchSize: 100,
        pollIntervalMs: 50,
        maxAttempts: MAX_ATTEMPTS,
        retryBackoffMs: 0,
        maxMessageBytes: 100_000,
      },
      a.app.get(MessagingMetrics),
    );

  async function appendProbe(aggregateId: string, seq: number, note?: string): Promise<string> {
    const event = createEvent('system.probe', {
      aggregateId,
      data: { seq, ...(note ? { note } : {}) },
      producer: 'park-a',
      correlationId: 'c',
    });
    // Straight into the table: the outbox service would refuse a note this large.
    await a.dataSource.query(
      `INSERT INTO outbox (id, topic, aggregate_id, type, version, envelope) VALUES ($1, $2, $3, $4, 1, $5::jsonb)`,
      [event.id, TOPICS.ops, aggregateId, event.type, JSON.stringify(event)],
    );
    return event.id;
  }

  async function row(id: string) {
    const [r] = await a.dataSource.query<
      {
        attempts: number;
        last_error: string | null;
        parked_at: Date | null;
        published_at: Date | null;
      }[]
    >(`SELECT attempts, last_error, parked_at, published_at FROM outbox WHERE id = $1`, [id]);
    return r;
  }

  async function projected(ids: string[]): Promise<number> {
    const [r] = await b.dataSource.query<{ n: number }[]>(
      `SELECT count(DISTINCT event_id)::int AS n FROM probe_projection WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    return r.n;
  }

  async function parkedCount(): Promise<number> {
    const metric = await a.app.get(MessagingMetrics).parked.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }

  async function publishUntil(done: () => Promise<boolean>, what: string): Promise<void> {
    const r = relay();
    await eventually(
      async () => {
        await r.publishBatch().catch(() => undefined);
        return (await done()) ? true : undefined;
      },
      { timeoutMs: 30000, what },
    );
  }

  it('an oversized row is parked after its attempts; the rows behind it are published', async () => {
    const parkedBefore = await parkedCount();
    const big = await appendProbe('agg-big', 1, 'x'.repeat(200_000));
    const sameAggregate = await appendProbe('agg-big', 2);
    const others = [await appendProbe('agg-o1', 3), await appendProbe('agg-o2', 4)];

    // Other aggregates flow at once, while the refused row's aggregate waits behind it.
    await relay().publishBatch();
    expect((await row(others[0])).published_at).not.toBeNull();
    expect((await row(sameAggregate)).published_at).toBeNull();
    expect((await row(big)).attempts).toBe(1);

    await publishUntil(
      async () => (await row(sameAggregate)).published_at !== null,
      'the row behind the parked one',
    );
    const parked = await row(big);
    expect(parked.attempts).toBe(MAX_ATTEMPTS);
    expect(parked.parked_at).not.toBeNull();
    expect(parked.published_at).toBeNull();
    expect(parked.last_error).toMatch(/exceeds the 100000-byte limit/);
    expect((await row(sameAggregate)).published_at!.getTime()).toBeGreaterThanOrEqual(
      parked.parked_at!.getTime(),
    );
    await eventually(
      async () => ((await projected([...others, sameAggregate])) === 3 ? true : undefined),
      {
        what: 'the published rows in B',
      },
    );
    expect(await projected([big])).toBe(0);
    expect((await parkedCount()) - parkedBefore).toBe(1);
    const notice = await eventually(async () => notices.find((n) => n.eventId === big), {
      what: 'the .dlq notice',
    });
    expect(notice.reason).toBe('unpublishable');
    expect(notice.error).toMatch(/exceeds/);
    expect(notice.value).toBeNull(); // too large to carry

    // A parked row is not tried again.
    await relay().drain();
    expect((await row(big)).attempts).toBe(MAX_ATTEMPTS);
  });

  it("a row the broker refuses for good is parked with the broker's error; the others flow", async () => {
    const producer: Producer = await a.app.get(KafkaConnection).producer();
    const realSendBatch = producer.sendBatch.bind(producer);
    const spy = jest
      .spyOn(producer, 'sendBatch')
      .mockImplementation(async (batch: ProducerBatch) => {
        const refused = batch.topicMessages?.some((t) =>
          t.messages.some((m) => m.key === 'agg-refused'),
        );
        if (refused) throw new Error('TOPIC_AUTHORIZATION_FAILED: not authorized to access topics');
        return realSendBatch(batch);
      });
    try {
      const refused = await appendProbe('agg-refused', 10);
      const others = [await appendProbe('agg-r1', 11), await appendProbe('agg-r2', 12)];
      await publishUntil(
        async () => (await row(refused)).parked_at !== null,
        'the refused row parked',
      );
      expect((await row(refused)).last_error).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
      expect((await row(refused)).attempts).toBe(MAX_ATTEMPTS);
      await eventually(async () => ((await projected(others)) === 2 ? true : undefined), {
        what: 'the others in B',
      });
      const notice = await eventually(async () => notices.find((n) => n.eventId === refused), {
        what: 'the .dlq notice',
      });
      expect(notice.reason).toBe('unpublishable');
      expect(JSON.parse(notice.value!)).toMatchObject({ id: refused, type: 'system.probe' });
    } finally {
      spy.mockRestore();
    }
  });

  it('the broker being unreachable counts against no row', async () => {
    const producer: Producer = await a.app.get(KafkaConnection).producer();
    const outage = Object.assign(new Error('Connection error: ECONNREFUSED'), {
      name: 'KafkaJSConnectionError',
    });
    const spy = jest.spyOn(producer, 'sendBatch').mockRejectedValue(outage);
    const id = await appendProbe('agg-outage', 20);
    try {
      for (let i = 0; i < MAX_ATTEMPTS + 1; i++)
        await expect(relay().publishBatch()).rejects.toThrow('ECONNREFUSED');
      expect(await row(id)).toMatchObject({ attempts: 0, parked_at: null, published_at: null });
    } finally {
      spy.mockRestore();
    }
    await relay().drain();
    expect((await row(id)).published_at).not.toBeNull();
  });
});
