export interface MessagingOptions {
  /** Producer name on every envelope, Kafka client id, and the default consumer group. */
  serviceName: string;
  brokers: string[];
  /** Prepended to every topic and group name: isolates environments and test runs. */
  topicPrefix: string;
  partitions: number;
  consumer: {
    groupId?: string;
    maxWaitTimeMs: number;
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
    maxAttempts: number;
    retryBackoffMs: number;
    partitionsConsumedConcurrently: number;
    /** Start the consumer at application bootstrap (tests may start it by hand). */
    autoStart: boolean;
    /** Test only: redeliveries are applied again (the fault suite shows its checker catches it). */
    skipDedup?: boolean;
  };
  relay: {
    enabled: boolean;
    batchSize: number;
    pollIntervalMs: number;
    /** Refused sends of one row before it is parked. */
    maxAttempts: number;
    retryBackoffMs: number;
    maxMessageBytes: number;
    /** Test only: while this file exists, the relay deletes it and dies between publish and mark. */
    crashAfterPublishFile?: string;
  };
  retention: {
    /** Published outbox rows and inbox ids older than this are pruned (README: why 7 days). */
    windowMs: number;
    /** How often the lease holder prunes; 0 = never. */
    intervalMs: number;
  };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingSettingsSource {
  NODE_ENV: string;
  INBOX_SKIP_DEDUP: string;
  OUTBOX_CRASH_AFTER_PUBLISH_FILE: string;
  KAFKA_BROKERS: string;
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_MAX_WAIT_MS: number;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
  MAX_ATTEMPTS: number;
  RETRY_BACKOFF_MS: number;
  OUTBOX_BATCH_SIZE: number;
  OUTBOX_POLL_MS: number;
  OUTBOX_RELAY_ENABLED: string;
  OUTBOX_MAX_ATTEMPTS: number;
  OUTBOX_MAX_MESSAGE_BYTES: number;
  MESSAGING_RETENTION_DAYS: number;
  MESSAGING_PRUNE_INTERVAL_MS: number;
}

/** Maps the validated service config onto messaging options. */
export function messagingOptionsFromConfig(
  serviceName: string,
  config: MessagingSettingsSource,
  brokers: string[],
): MessagingOptions {
  const testOnly = [
    config.INBOX_SKIP_DEDUP === 'true' && 'INBOX_SKIP_DEDUP',
    config.OUTBOX_CRASH_AFTER_PUBLISH_FILE !== '' && 'OUTBOX_CRASH_AFTER_PUBLISH_FILE',
  ].filter((name): name is string => typeof name === 'string');
  if (config.NODE_ENV === 'production' && testOnly.length > 0)
    throw new Error(`${testOnly.join(' and ')}: test-only settings, refused in production`);
  return {
    serviceName,
    brokers,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    consumer: {
      maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxAttempts: config.MAX_ATTEMPTS,
      retryBackoffMs: config.RETRY_BACKOFF_MS,
      partitionsConsumedConcurrently: 2,
      autoStart: true,
      ...(config.INBOX_SKIP_DEDUP === 'true' ? { skipDedup: true } : {}),
    },
    relay: {
      enabled: config.OUTBOX_RELAY_ENABLED === 'true',
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollIntervalMs: config.OUTBOX_POLL_MS,
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      retryBackoffMs: config.RETRY_BACKOFF_MS,
      maxMessageBytes: config.OUTBOX_MAX_MESSAGE_BYTES,
      ...(config.OUTBOX_CRASH_AFTER_PUBLISH_FILE
        ? { crashAfterPublishFile: config.OUTBOX_CRASH_AFTER_PUBLISH_FILE }
        : {}),
    },
    retention: {
      windowMs: config.MESSAGING_RETENTION_DAYS * 86_400_000,
      intervalMs: config.MESSAGING_PRUNE_INTERVAL_MS,
    },
  };
}
