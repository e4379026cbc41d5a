import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Admin, Consumer, Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';

/** The service's one Kafka client: a shared producer and admin, consumers on demand. */
@Injectable()
export class KafkaConnection implements OnModuleDestroy {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producerPromise?: Promise<Producer>;
  private adminPromise?: Promise<Admin>;
  private readonly consumers = new Set<Consumer>();

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.kafka = new Kafka({
      clientId: options.serviceName,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
      retry: { initialRetryTime: 100, retries: 8 },
    });
  }

  /** Physical topic or group name for a logical one. */
  name(logical: string): string {
    return `${this.options.topicPrefix}${logical}`;
  }

  /** Logical topic for a physical one (strips the prefix). */
  logical(physical: string): string {
    const prefix = this.options.topicPrefix;
    return prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
  }

  producer(): Promise<Producer> {
    this.producerPromise ??= (async () => {
      // Not idempotent: the local mock broker reports a controller the client cannot find.
      // Duplicates from retries are absorbed by every consumer's inbox.
      // The default partitioner, named: left implicit, kafkajs warns about its v2 change at every start.
      const producer = this.kafka.producer({
        allowAutoTopicCreation: true,
        idempotent: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    return this.producerPromise;
  }

  admin(): Promise<Admin> {
    this.adminPromise ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.adminPromise;
  }

  consumer(groupId: string): Consumer {
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: this.options.consumer.maxWaitTimeMs,
      sessionTimeout: this.options.consumer.sessionTimeoutMs,
      heartbeatInterval: this.options.consumer.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(this.options.consumer.sessionTimeoutMs, 6000),
      allowAutoTopicCreation: true,
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async release(consumer: Consumer): Promise<void> {
    this.consumers.delete(consumer);
    await consumer.disconnect();
  }

  /**
   * Creates missing topics with the configured partitions. Where the broker cannot (kcat's mock
   * implements no CreateTopics), topics are auto-created on first use with the broker's default.
   */
  async ensureTopics(logicalTopics: string[]): Promise<'created' | 'existing' | 'auto-created'> {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = logicalTopics.map((t) => this.name(t)).filter((t) => !existing.has(t));
    if (missing.length === 0) return 'existing';
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions })),
      });
      return 'created';
    } catch (error) {
      this.logger.warn(
        `broker did not create topics (${(error as Error).message}); relying on auto-creation`,
      );
      return 'auto-created';
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producerPromise) await (await this.producerPromise).disconnect();
    if (this.adminPromise) await (await this.adminPromise).disconnect();
  }

  private log(entry: LogEntry): void {
    const { message, ...extra } = entry.log;
    const text = `${entry.namespace}: ${message} ${JSON.stringify(extra)}`;
    // Every member's requests answer REBALANCE_IN_PROGRESS during a rebalance; kafkajs rejoins.
    const rebalancing = String((extra as { error?: unknown }).error).includes(
      'group is rebalancing',
    );
    switch (rebalancing ? logLevel.DEBUG : entry.level) {
      case logLevel.ERROR:
        this.logger.error(text);
        break;
      case logLevel.WARN:
        this.logger.warn(text);
        break;
      case logLevel.INFO:
        this.logger.log(text);
        break;
      case logLevel.DEBUG:
      case logLevel.NOTHING:
        this.logger.debug(text);
        break;
    }
  }
}
