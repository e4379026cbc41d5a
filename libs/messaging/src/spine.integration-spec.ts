import { createEvent, DLQ_HEADERS, dlqTopic, TOPICS } from '@aidflow/contracts';
import { eventually, uniqueName } from '@aidflow/testing';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { KafkaConnection } from './kafka/kafka-connection';
import { MessagingMetrics } from './messaging.metrics';
import { MessagingRuntime } from './messaging.runtime';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';
import { CreateProbeProjection1764000000001, ProbeConsumer } from './testing/probe';
import { SpineNode, startSpineNode } from './testing/spine-harness';

describe('messaging spine: outbox → relay → Kafka → inbox', () => {
  const prefix = `${uniqueName('spine')}.`;
  const probeTopic = `${prefix}${TOPICS.ops}`;
  let a: SpineNode;
  let b: SpineNode;
  let kafka: Kafka;
  let rawProducer: Producer;
  let dlqReader: Consumer;
  const deadLetters: { reason: string; error: string; value: string | undefined }[] = [];

  beforeAll(async () => {
    // A only produces (its relay is driven by each test); B consumes into its projection.
    a = await startSpineNode({
      serviceName: 'spine-a',
      schema: uniqueName('spine_a'),
      topicPrefix: prefix,
      relay: false,
    });
    b = await startSpineNode({
      serviceName: 'spine-b',
      schema: uniqueName('spine_b'),
      topicPrefix: prefix,
      providers: [ProbeConsumer],
      migrations: [CreateProbeProjection1764000000001],
      relay: false,
    });
    await b.app.get(MessagingRuntime).inbox!.ready();
    kafka = a.app.get(KafkaConnection).kafka;
    rawProducer = kafka.producer();
    await rawProducer.connect();
    dlqReader = kafka.consumer({
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
        deadLetters.push({
          reason: message.headers?.[DLQ_HEADERS.reason]?.toString() ?? '',
          error: message.headers?.[DLQ_HEADERS.error]?.toString() ?? '',
          value: message.value?.toString(),
        });
      },
    });
  });

  afterAll(async () => {
    await dlqReader?.disconnect();
    await rawProducer?.disconnect();
    await b?.close();
    await a?.close();
  });

  const outbox = () => a.app.get(OutboxService);
  const relay = (overrides: Partial<ConstructorParameters<typeof OutboxRelay>[2]> = {}) =>
    new OutboxRelay(a.dataSource, a.app.get(KafkaConnection), {
      batchSize: 100,
      pollIntervalMs: 50,
      ...overrides,
    });

  async function appendProbes(seqs: number[], note?: string): Promise<string[]> {
    return a.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (const seq of seqs) {
        const event = await outbox().publish(manager, 'system.probe', `probe-${seq}`, {
          seq,
          note,
        });
        ids.push(event.id);
      }
      return ids;
    });
  }

  async function projected(ids: string[]): Promise<Map<string, number>> {
    const rows: { event_id: string; n: number }[] = await b.dataSource.query(
      `SELECT event_id, count(*)::int AS n FROM probe_projection WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }

  async function waitForProjection(ids: string[], timeoutMs = 30000): Promise<Map<string, number>> {
    return eventually(
      async () => {
        const seen = await projected(ids);
        return seen.size === ids.length ? seen : undefined;
      },
      { timeoutMs, what: `${ids.length} events in B's projection` },
    );
  }

  async function duplicatesSkipped(): Promise<number> {
    const metric = await b.app.get(MessagingMetrics).duplicates.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }

  async function unpublished(ids: string[]): Promise<number> {
    const [row] = await a.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
      [ids],
    );
    return row.n as number;
  }

  async function topicEnd(): Promise<number> {
    const offsets = await a.app
      .get(KafkaConnection)
      .admin()
      .then((admin) => admin.fetchTopicOffsets(probeTopic));
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  it("an event appended in A's transaction lands exactly once in B's table", async () => {
    const ids = await appendProbes([1]);
    expect(await relay().drain()).toBe(1);
    const seen = await waitForProjection(ids);
    expect(seen.get(ids[0])).toBe(1);
    expect(await unpublished(ids)).toBe(0);
  });

  it('carries the contract envelope, keyed by aggregate id, with envelope headers', async () => {
    const reader = kafka.consumer({
      groupId: `${prefix}envelope-reader`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    const seen: { key?: string; value: Record<string, unknown>; type?: string }[] = [];
    await reader.connect();
    await reader.subscribe({ topic: probeTopic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: message.key?.toString(),
          value: JSON.parse(message.value!.toString()) as Record<string, unknown>,
          type: message.headers?.['aidflow-event-type']?.toString(),
        });
      },
    });
    const [id] = await appendProbes([2]);
    await relay().drain();
    const message = await eventually(async () => seen.find((m) => m.value.id === id), {
      what: 'the probe on Kafka',
    });
    await reader.disconnect();
    expect(message.key).toBe('probe-2');
    expect(message.type).toBe('system.probe');
    expect(message.value).toMatchObject({
      id,
      type: 'system.probe',
      version: 1,
      producer: 'spine-a',
      aggregateId: 'probe-2',
      data: { seq: 2 },
    });
    expect(message.value.occurredAt).toMatch(/(Z|[+-]\d\d:\d\d)$/);
    expect(typeof message.value.correlationId).toBe('string');
  });

  it('a rolled-back transaction publishes nothing', async () => {
    const before = await topicEnd();
    let appended: string | undefined;
    await expect(
      a.dataSource.transaction(async (manager) => {
        appended = (await outbox().publish(manager, 'system.probe', 'probe-rollback', { seq: 3 }))
          .id;
        throw new Error('business rule failed after the append');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await relay().drain()).toBe(0);
    const [row] = await a.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE id = $1`, [
      appended,
    ]);
    expect(row.n).toBe(0);
    expect(await topicEnd()).toBe(before);
  });

  it('refuses to append outside a transaction', async () => {
    const event = createEvent('system.probe', {
      aggregateId: 'x',
      data: { seq: 1 },
      producer: 'spine-a',
      correlationId: 'c',
    });
    await expect(outbox().append(a.dataSource.manager, event)).rejects.toThrow(/transaction/);
  });

  it('a relay that dies after publishing and before marking causes a redelivery the inbox skips', async () => {
    const ids = await appendProbes([10, 11, 12]);
    const before = await topicEnd();
    const crashing = relay({
      afterPublish: async () => {
        throw new Error('simulated crash between publish and mark');
      },
    });
    await expect(crashing.publishBatch()).rejects.toThrow('simulated crash');
    expect(await unpublished(ids)).toBe(3);
    expect(await relay().drain()).toBe(3);
    expect(await topicEnd()).toBe(before + 6); // each event is on Kafka twice
    const seen = await waitForProjection(ids);
    // Wait past the redelivered copies, then check that none was applied twice.
    await eventually(async () => {
      const [row] = await b.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      return row.n === 3 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect([...(await projected(ids)).values()]).toEqual([1, 1, 1]);
    expect(seen.size).toBe(3);
  });

  it('two relays running at once publish every event, none lost, and each aggregate in order', async () => {
    const seqs = Array.from({ length: 1500 }, (_, i) => 1000 + i);
    const ids: string[] = [];
    for (let i = 0; i < seqs.length; i += 300)
      ids.push(...(await appendProbes(seqs.slice(i, i + 300))));
    const [first, second] = [relay({ batchSize: 50 }), relay({ batchSize: 50 })];
    const [n1, n2] = await Promise.all([first.drain(), second.drain()]);
    expect(n1 + n2).toBe(1500);
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(0);
    expect(await unpublished(ids)).toBe(0);
    const seen = await waitForProjection(ids, 60000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it("keeps one aggregate's events in commit order across two relays", async () => {
    // Cross a power of ten in the outbox sequence: ordering must be numeric, never textual.
    const [{ next }] = await a.dataSource.query<{ next: string }[]>(
      `SELECT max(seq) + 1 AS next FROM outbox`,
    );
    const restart = Math.max(Number(next), 10 ** String(next).length - 8);
    await a.dataSource.query(`ALTER SEQUENCE outbox_seq_seq RESTART WITH ${restart}`);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        await a.dataSource.transaction(
          async (manager) =>
            (
              await outbox().publish(manager, 'system.probe', 'ordered-aggregate', {
                seq: 5000 + i,
              })
            ).id,
        ),
      );
    }
    await Promise.all([relay({ batchSize: 3 }).drain(), relay({ batchSize: 3 }).drain()]);
    // A relay stops draining when the aggregate's next row is held by the other one; whatever such
    // a race left is published by a last pass, and the order below must hold all the same.
    await relay({ batchSize: 3 }).drain();
    expect(await unpublished(ids)).toBe(0);
    await waitForProjection(ids, 60000);
    const rows: { seq: number }[] = await b.dataSource.query(
      `SELECT seq FROM probe_projection WHERE event_id = ANY($1::uuid[]) ORDER BY applied_seq`,
      [ids],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 5000 + i));
  });

  it('poison messages end in the .dlq with their reason and the messages behind them are still consumed', async () => {
    const good = createEvent('system.probe', {
      aggregateId: 'poison',
      data: { seq: 7001 },
      producer: 'test',
      correlationId: 'c1',
    });
    const throwing = createEvent('system.probe', {
      aggregateId: 'poison',
      data: { seq: 7000, note: 'always-throw' },
      producer: 'test',
      correlationId: 'c1',
    });
    const wrongSchema = {
      ...createEvent('system.probe', {
        aggregateId: 'poison',
        data: { seq: 1 },
        producer: 'test',
        correlationId: 'c1',
      }),
      data: { seq: 'not a number' },
    };
    // Same key → same partition, so the good message is queued behind the three poison ones.
    await rawProducer.send({
      topic: probeTopic,
      acks: -1,
      messages: [
        { key: 'poison', value: '{"this is": not json' },
        { key: 'poison', value: JSON.stringify(wrongSchema) },
        { key: 'poison', value: JSON.stringify(throwing) },
        { key: 'poison', value: JSON.stringify(good) },
      ],
    });
    await waitForProjection([good.id]);
    const letters = await eventually(
      async () => (deadLetters.length >= 3 ? deadLetters : undefined),
      { what: '3 dead letters' },
    );
    expect(letters.map((l) => l.reason).sort()).toEqual([
      'handler_failed',
      'invalid_payload',
      'malformed_json',
    ]);
    expect(letters.find((l) => l.reason === 'handler_failed')!.error).toContain(
      'handler refuses this probe',
    );
    expect(letters.find((l) => l.reason === 'invalid_payload')!.error).toContain('data.seq');
    const [dead] = await b.dataSource.query(`SELECT outcome FROM inbox WHERE event_id = $1`, [
      throwing.id,
    ]);
    expect(dead.outcome).toBe('dead_lettered');
    expect((await projected([throwing.id])).size).toBe(0);
  });

  it('10,000 events through the spine arrive, all of them, exactly once in effect', async () => {
    const ids: string[] = [];
    for (let start = 0; start < 10000; start += 500) {
      ids.push(...(await appendProbes(Array.from({ length: 500 }, (_, i) => 20000 + start + i))));
    }
    const running = a.app.get(MessagingRuntime).relay;
    await running.start();
    try {
      await waitForProjection(ids, 120000);
      // Deliver 500 of them again, as a broker or relay retry would: the inbox must absorb them.
      const again = await a.dataSource.query<{ aggregate_id: string; envelope: string }[]>(
        `SELECT aggregate_id, envelope::text AS envelope FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY seq`,
        [ids.slice(0, 500)],
      );
      const duplicatesBefore = await duplicatesSkipped();
      await rawProducer.send({
        topic: probeTopic,
        acks: -1,
        messages: again.map((row) => ({ key: row.aggregate_id, value: row.envelope })),
      });
      await eventually(
        async () => ((await duplicatesSkipped()) - duplicatesBefore >= 500 ? true : undefined),
        {
          what: '500 redeliveries skipped by the inbox',
        },
      );
      const seen = await projected(ids);
      expect(seen.size).toBe(10000);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await running.stop();
    }
    // The projection alone may take 120 s on a loaded machine; jest's 60 s default cut it short.
  }, 240_000);
});
