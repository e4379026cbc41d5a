/** Kafka topics of the event spine; the `.v1` suffix is the topic layout version, not an event version. */
export const TOPICS = {
  intake: 'aidflow.intake.v1',
  funds: 'aidflow.funds.v1',
  visits: 'aidflow.visits.v1',
  // Our addition to the contract: alerts and spine probes, so they never mix with domain streams.
  ops: 'aidflow.ops.v1',
  // Signed heads of every service's audit log, so a copy lives outside each database.
  audit: 'aidflow.audit.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];
export type DlqTopicName = `${TopicName}.dlq`;

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

/** The dead-letter twin of a topic, for messages that cannot be processed. */
export function dlqTopic<T extends TopicName>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}

export const ALL_DLQ_TOPICS: readonly DlqTopicName[] = ALL_TOPICS.map((topic) => dlqTopic(topic));

export function isTopicName(value: string): value is TopicName {
  return (ALL_TOPICS as readonly string[]).includes(value);
}
