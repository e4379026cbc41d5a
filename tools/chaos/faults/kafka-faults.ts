// Faults on the topics: poison messages (bytes that are no event, and an envelope that breaks
// the contract) on each topic, and a slice of a topic published again (duplicate delivery).
import { Kafka, logLevel, Message } from 'kafkajs';
import { Fault, FaultContext } from './fault';

function client(ctx: FaultContext): Kafka {
  return new Kafka({
    clientId: 'chaos-faults',
    brokers: [ctx.system.broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
}

async function produce(ctx: FaultContext, topic: string, messages: Message[]): Promise<void> {
  const producer = client(ctx).producer();
  await producer.connect();
  try {
    await producer.send({ topic: `${ctx.system.topicPrefix}${topic}`, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

let poisonCount = 0;

export function poison(topic: string): Fault {
  return {
    kind: 'poison messages',
    target: topic,
    async inject(ctx) {
      const keys = [`chaos-poison-${++poisonCount}`, `chaos-poison-${++poisonCount}`];
      await produce(ctx, topic, [
        { key: keys[0], value: Buffer.from([0xff, 0x00, 0x7b, 0x22]) },
        {
          key: keys[1],
          value: JSON.stringify({ id: 'not-a-uuid', type: 'beneficiary.registered', data: {} }),
        },
      ]);
      const at = new Date();
      for (const key of keys) ctx.poison.push({ key, topic, at });
      ctx.log(`    ${keys.join(', ')} published on ${topic}`);
    },
  };
}

/** Reads the last `count` messages of the topic (a throw-away group) and publishes them again. */
export function republish(topic: string, count: number): Fault {
  return {
    kind: 'topic slice re-published',
    target: topic,
    async inject(ctx) {
      const kafka = client(ctx);
      const physical = `${ctx.system.topicPrefix}${topic}`;
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(physical);
      await admin.disconnect();
      const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
      const wanted = Math.min(count, total);
      const slice: Message[] = [];
      const consumer = kafka.consumer({ groupId: `chaos-republish-${Date.now()}` });
      await consumer.connect();
      await consumer.subscribe({ topic: physical, fromBeginning: true });
      const deadline = Date.now() + 30_000;
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (slice.length < wanted)
            slice.push({ key: message.key, value: message.value, headers: message.headers });
        },
      });
      while (slice.length < wanted && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await consumer.disconnect();
      await produce(ctx, topic, slice);
      ctx.log(`    ${slice.length} messages of ${topic} published again`);
    },
  };
}
