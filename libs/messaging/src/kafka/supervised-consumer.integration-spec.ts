import { eventually, testBrokers, uniqueTopicPrefix } from '@aidflow/testing';
import { EachMessagePayload, KafkaJSNonRetriableError } from 'kafkajs';
import { MessagingOptions } from '../messaging.options';
import { KafkaConnection } from './kafka-connection';
import { SupervisedConsumer } from './supervised-consumer';

// Two replicas of a service are two members of one group: they split the partitions, survive the
// rebalance the second one causes, and a member that crashes for good comes back by itself.
describe('supervised consumer (real broker)', () => {
  const prefix = uniqueTopicPrefix('supervised');
  const options: MessagingOptions = {
    serviceName: 'supervised-test',
    brokers: testBrokers(),
    topicPrefix: prefix,
    partitions: 4,
    consumer: {
      maxWaitTimeMs: 50,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
      maxAttempts: 3,
      retryBackoffMs: 10,
      partitionsConsumedConcurrently: 1,
      autoStart: false,
    },
    relay: {
      enabled: false,
      batchSize: 1,
      pollIntervalMs: 100,
      maxAttempts: 1,
      retryBackoffMs: 1,
      maxMessageBytes: 1,
    },
    retention: { windowMs: 1, intervalMs: 0 },
  };
  const connections: KafkaConnection[] = [];
  const consumers: SupervisedConsumer[] = [];
  const connect = () => {
    const connection = new KafkaConnection(options);
    connections.push(connection);
    return connection;
  };
  const supervise = (
    topic: string,
    group: string,
    onMessage: (p: EachMessagePayload) => Promise<void>,
  ) => {
    const consumer = new SupervisedConsumer(connect(), {
      groupId: `${prefix}${group}`,
      subscription: { topics: [topic], fromBeginning: true },
      run: { eachMessage: onMessage },
      restartBackoffMs: 200,
    });
    consumers.push(consumer);
    return consumer;
  };
  const send = async (topic: string, values: string[]) => {
    const producer = await connections[0].producer();
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value) => ({ key: value, value })),
    });
  };

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await Promise.all(connections.map((c) => c.onModuleDestroy()));
  });

  it('two members of one group share the partitions and together get every message', async () => {
    const topic = `${prefix}shared`;
    await connect().ensureTopics(['shared']);
    const seen = new Map<string, number>();
    const byMember: string[][] = [[], []];
    const members = [0, 1].map((i) =>
      supervise(topic, 'shared', async ({ message }) => {
        const value = message.value!.toString();
        seen.set(value, (seen.get(value) ?? 0) + 1);
        byMember[i].push(value);
      }),
    );
    await members[0].start();
    await members[0].ready();
    await send(
      topic,
      Array.from({ length: 20 }, (_, i) => `before-${i}`),
    );
    // The second member's join rebalances the group while the first is consuming.
    await members[1].start();
    await members[1].ready();
    await eventually(
      async () =>
        members.every((m) => Object.values(m.assignment).flat().length === 2) ? true : undefined,
      { what: 'both members holding two partitions each', timeoutMs: 30_000 },
    );
    const held = members.map((m) => m.assignment[topic] ?? []);
    expect([...held[0], ...held[1]].sort()).toEqual([0, 1, 2, 3]);
    await send(
      topic,
      Array.from({ length: 40 }, (_, i) => `after-${i}`),
    );
    await eventually(async () => (seen.size === 60 ? true : undefined), {
      what: 'all 60 messages',
      timeoutMs: 30_000,
    });
    expect(byMember[0].some((v) => v.startsWith('after-'))).toBe(true);
    expect(byMember[1].some((v) => v.startsWith('after-'))).toBe(true);
    expect(members.map((m) => m.state)).toEqual(['running', 'running']);
  }, 90_000);

  it('a consumer that crashes with a non-retriable error is restarted and consumes again', async () => {
    const topic = `${prefix}crash`;
    await connect().ensureTopics(['crash']);
    const consumed: string[] = [];
    let failed = false;
    const consumer = supervise(topic, 'crash', async ({ message }) => {
      const value = message.value!.toString();
      // kafkajs itself gives up on such an error: without the supervisor the consumer stays down.
      if (value === 'poison-once' && !failed) {
        failed = true;
        throw new KafkaJSNonRetriableError('fatal once');
      }
      consumed.push(value);
    });
    await consumer.start();
    await consumer.ready();
    await send(topic, ['first', 'poison-once', 'last']);
    await eventually(async () => (consumed.includes('last') ? true : undefined), {
      what: 'the message after the crash',
      timeoutMs: 30_000,
    });
    expect(failed).toBe(true);
    expect(consumer.restarts).toBe(1);
    expect(consumer.lastCrash?.message).toContain('fatal once');
    // The uncommitted message is delivered again after the restart.
    expect(consumed).toContain('poison-once');
    expect(consumer.state).toBe('running');
  }, 60_000);
});
