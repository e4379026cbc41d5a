import { ALL_TOPICS, EventType, dlqTopic } from '@aidflow/contracts';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { KafkaConnection } from './kafka/kafka-connection';
import { EventHandler, HANDLES_EVENT } from './inbox/handles-event.decorator';
import { InboxConsumer } from './inbox/inbox-consumer';
import { MessagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { crashWhenFileExists } from './outbox/crash-after-publish';
import { OutboxRelay } from './outbox/outbox-relay';
import { RetentionJob } from './retention/retention-job';

/** Wires the service's relay and inbox consumer to the app's lifecycle. */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  readonly relay: OutboxRelay;
  readonly retention: RetentionJob;
  private inboxConsumer?: InboxConsumer;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly metrics: MessagingMetrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {
    this.relay = new OutboxRelay(
      dataSource,
      kafka,
      {
        batchSize: options.relay.batchSize,
        pollIntervalMs: options.relay.pollIntervalMs,
        maxAttempts: options.relay.maxAttempts,
        retryBackoffMs: options.relay.retryBackoffMs,
        maxMessageBytes: options.relay.maxMessageBytes,
        ...(options.relay.crashAfterPublishFile
          ? { afterPublish: crashWhenFileExists(options.relay.crashAfterPublishFile) }
          : {}),
      },
      metrics,
    );
    this.retention = new RetentionJob(dataSource, options.retention, metrics);
  }

  /** The service's consumer (undefined when it handles no events). */
  get inbox(): InboxConsumer | undefined {
    return this.inboxConsumer;
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discoverHandlers();
    if (handlers.size > 0) {
      this.inboxConsumer = new InboxConsumer(
        this.dataSource,
        this.kafka,
        handlers,
        {
          groupId: this.options.consumer.groupId ?? this.options.serviceName,
          maxAttempts: this.options.consumer.maxAttempts,
          retryBackoffMs: this.options.consumer.retryBackoffMs,
          partitionsConsumedConcurrently: this.options.consumer.partitionsConsumedConcurrently,
          fromBeginning: true,
          ...(this.options.consumer.skipDedup ? { skipDedup: true } : {}),
        },
        this.metrics,
      );
    }
    const mode = await this.kafka.ensureTopics(ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]));
    this.logger.log(`topics ${mode}`);
    if (this.options.relay.enabled) await this.relay.start();
    if (this.options.consumer.autoStart) await this.inboxConsumer?.start();
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.retention.stop();
    await this.inboxConsumer?.stop();
    await this.relay.stop();
  }

  private discoverHandlers(): Map<EventType, EventHandler[]> {
    const handlers = new Map<EventType, EventHandler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || wrapper.isNotMetatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const types = this.reflector.get<EventType[] | undefined>(HANDLES_EVENT, method);
        if (!types) continue;
        const bound: EventHandler = (method as EventHandler).bind(instance);
        for (const type of types) handlers.set(type, [...(handlers.get(type) ?? []), bound]);
      }
    }
    return handlers;
  }
}
