import { parseEvent, TOPICS } from '@aidflow/contracts';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KnownHead } from './verify-audit';

/**
 * Every head of one log published on aidflow.audit.v1 up to the topic's current end: the copy
 * outside the database that a truncated tail cannot take with it.
 */
export async function readPublishedHeads(
  kafka: Kafka,
  options: { topicPrefix: string; log: string; timeoutMs?: number },
): Promise<KnownHead[]> {
  const topic = `${options.topicPrefix}${TOPICS.audit}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  const heads = new Map<number, string>();
  if (ends.size === 0) return [];
  const consumer = kafka.consumer({
    groupId: `${options.topicPrefix}audit-verify-${randomUUID()}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out reading ${topic}`)),
        options.timeoutMs ?? 30000,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const parsed = parseEvent(message.value);
            if (parsed.ok && parsed.event.type === 'audit.sealed') {
              const data = parsed.event.data as { log: string; batch: number; head: string };
              if (data.log === options.log) heads.set(data.batch, data.head);
            }
            const end = ends.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) ends.delete(partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return [...heads].map(([batch, head]) => ({ batch, head })).sort((a, b) => a.batch - b.batch);
}
