import { Logger } from '@nestjs/common';
import { Consumer, ConsumerRunConfig, ConsumerSubscribeTopics } from 'kafkajs';
import { MessagingMetrics } from '../messaging.metrics';
import { KafkaConnection } from './kafka-connection';

export interface SupervisedConsumerSettings {
  /** Physical group id (prefix included). */
  groupId: string;
  subscription: ConsumerSubscribeTopics;
  run: ConsumerRunConfig;
  /** First wait before a restart; doubles per crash in a row up to 30 s, reset by a join. */
  restartBackoffMs?: number;
}

export type ConsumerState = 'starting' | 'running' | 'restarting' | 'stopped';

const MAX_BACKOFF_MS = 30_000;

/**
 * A kafkajs consumer that never stays down. kafkajs restarts itself only after retriable errors;
 * a non-retriable one (the local broker answers a follower's late SyncGroup with INVALID_REQUEST
 * during a rebalance) stops the consumer for good. Here every such crash is logged, counted
 * (aidflow_consumer_restarts_total) and followed, after a backoff, by a fresh consumer that
 * rejoins the group; offsets are committed per batch, so nothing is skipped.
 */
export class SupervisedConsumer {
  private readonly logger = new Logger('Consumer');
  private consumer?: Consumer;
  private timer?: NodeJS.Timeout;
  private crashesInARow = 0;
  private joinedOnce!: () => void;
  private readonly joined = new Promise<void>((resolve) => (this.joinedOnce = resolve));
  state: ConsumerState = 'stopped';
  restarts = 0;
  lastCrash?: Error;
  /** Partitions this member holds since its last join, by topic. */
  assignment: Record<string, number[]> = {};

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly settings: SupervisedConsumerSettings,
    private readonly metrics?: MessagingMetrics,
  ) {}

  get groupId(): string {
    return this.settings.groupId;
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    await this.launch();
  }

  /** Resolves once the consumer has joined its group the first time. */
  ready(): Promise<void> {
    return this.joined;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await this.kafka.release(consumer);
  }

  private async launch(): Promise<void> {
    const consumer = this.kafka.consumer(this.groupId);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (this.consumer !== consumer) return;
      this.state = 'running';
      this.crashesInARow = 0;
      this.assignment = payload.memberAssignment;
      this.logger.log(
        `${this.groupId}: joined as ${payload.memberId}, partitions ${JSON.stringify(payload.memberAssignment)}`,
      );
      this.joinedOnce();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return;
      this.lastCrash = payload.error;
      if (payload.restart) {
        this.logger.warn(`${this.groupId} crashed, kafkajs restarts it: ${payload.error.message}`);
        this.metrics?.consumerRestarts.inc({ group: this.groupId, by: 'kafkajs' });
        return;
      }
      this.scheduleRestart(payload.error, consumer);
    });
    try {
      await consumer.connect();
      await consumer.subscribe(this.settings.subscription);
      await consumer.run(this.settings.run);
    } catch (error) {
      this.scheduleRestart(error as Error, consumer);
    }
  }

  private scheduleRestart(error: Error, crashed: Consumer): void {
    if (this.state === 'stopped' || this.consumer !== crashed) return;
    this.state = 'restarting';
    this.consumer = undefined;
    this.crashesInARow++;
    this.restarts++;
    const base = this.settings.restartBackoffMs ?? 1000;
    const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** (this.crashesInARow - 1));
    // Jitter: replicas that crashed in the same rebalance do not rejoin in lockstep.
    const waitMs = Math.round(backoff * (0.5 + Math.random()));
    this.metrics?.consumerRestarts.inc({ group: this.groupId, by: 'supervisor' });
    this.logger.error(
      `${this.groupId} stopped (${error.name}: ${error.message}); restart #${this.restarts} in ${waitMs} ms`,
    );
    this.timer = setTimeout(() => {
      void this.kafka
        .release(crashed)
        .catch(() => undefined)
        .then(() => (this.state === 'restarting' ? this.launch() : undefined));
    }, waitMs);
  }
}
