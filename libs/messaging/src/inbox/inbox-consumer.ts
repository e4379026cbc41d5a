import {
  DLQ_HEADERS,
  DlqReason,
  dlqTopic,
  EventType,
  parseEvent,
  topicOf,
  TypedEvent,
} from '@aidflow/contracts';
import { RequestContext } from '@aidflow/platform';
import { Logger } from '@nestjs/common';
import { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { KafkaConnection } from '../kafka/kafka-connection';
import { SupervisedConsumer } from '../kafka/supervised-consumer';
import { MessagingMetrics } from '../messaging.metrics';
import { EventContext, EventHandler } from './handles-event.decorator';
import { NonRetryableError } from './non-retryable.error';

export interface InboxSettings {
  groupId: string;
  maxAttempts: number;
  retryBackoffMs: number;
  partitionsConsumedConcurrently: number;
  /** Read each topic from its start when the group has no committed offset. */
  fromBeginning: boolean;
  /** Test only (refused in production): every delivery counts as new, so redeliveries apply again. */
  skipDedup?: boolean;
}

/**
 * Consumes the topics of the registered handlers. Per batch, one database transaction runs the
 * handlers and records each event id in the inbox, so an event is applied exactly once in effect
 * however often Kafka delivers it. When a handler fails, the batch is redone message by message,
 * each in its own transaction; a failing one is retried with backoff (never inside a transaction),
 * and after maxAttempts — at once for a NonRetryableError — it is recorded as dead-lettered, and
 * after that commit sent to the topic's .dlq with the reason; consumption goes on. Messages that
 * fail the contract go to the .dlq at once. Anything else (the database or the broker failing)
 * propagates: the batch is not committed and is consumed again.
 */
export class InboxConsumer {
  private readonly logger = new Logger('InboxConsumer');
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly handlers: ReadonlyMap<EventType, EventHandler[]>,
    private readonly settings: InboxSettings,
    private readonly metrics?: MessagingMetrics,
  ) {}

  get groupId(): string {
    return this.kafka.name(this.settings.groupId);
  }

  get topics(): string[] {
    return [...new Set([...this.handlers.keys()].map((type) => topicOf(type)))];
  }

  /** The running consumer's state, restarts and partitions (health and tests read it). */
  get supervisor(): SupervisedConsumer | undefined {
    return this.consumer;
  }

  async start(): Promise<void> {
    if (this.consumer || this.handlers.size === 0) return;
    this.consumer = new SupervisedConsumer(
      this.kafka,
      {
        groupId: this.groupId,
        subscription: {
          topics: this.topics.map((topic) => this.kafka.name(topic)),
          fromBeginning: this.settings.fromBeginning,
        },
        run: {
          autoCommit: true,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
          eachBatch: (payload) => this.consumeBatch(payload),
        },
      },
      this.metrics,
    );
    await this.consumer.start();
  }

  /** Resolves once the consumer has joined its group and holds partitions. */
  async ready(): Promise<void> {
    await this.consumer?.ready();
  }

  async stop(): Promise<void> {
    if (!this.consumer) return;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer.stop();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, commitOffsetsIfNecessary } = payload;
    if (batch.messages.length === 0) return;
    const lastOffset = (await this.applyBatch(payload)) ?? (await this.applyOneByOne(payload));
    if (lastOffset !== undefined) {
      resolveOffset(lastOffset);
      await commitOffsetsIfNecessary();
    }
  }

  /**
   * The common case in one transaction without savepoints: every message is a valid event and
   * every handler succeeds. One insert records the batch's event ids; ids already there are
   * redeliveries and are skipped. Returns undefined to have the batch redone one by one.
   */
  private async applyBatch({ batch, heartbeat }: EachBatchPayload): Promise<string | undefined> {
    const events: TypedEvent<EventType>[] = [];
    for (const message of batch.messages) {
      const parsed = parseEvent(message.value);
      if (!parsed.ok) return undefined;
      events.push(parsed.event);
    }
    const topic = this.kafka.logical(batch.topic);
    const offsets = new Map(events.map((e, i) => [e.id, batch.messages[i].offset]));
    const handled = events.filter((e) => this.handlers.has(e.type));
    let applied: TypedEvent<EventType>[] = [];
    const last = batch.messages[batch.messages.length - 1].offset;
    if (handled.length === 0) return last; // nothing here for this service: no transaction
    try {
      await this.dataSource.transaction(async (manager) => {
        const fresh = await this.record(
          manager,
          handled,
          topic,
          batch.partition,
          offsets,
          'processed',
        );
        applied = handled.filter((e) => fresh.delete(e.id));
        for (const [i, event] of applied.entries()) {
          const context = {
            manager,
            topic,
            partition: batch.partition,
            offset: offsets.get(event.id)!,
            groupId: this.groupId,
          };
          try {
            await this.runHandlers(event, context);
          } catch (error) {
            throw new HandlerFailure(error);
          }
          if (i % 100 === 99) await heartbeat();
        }
      });
    } catch (error) {
      if (error instanceof HandlerFailure) return undefined;
      throw error;
    }
    const appliedEvents = new Set(applied);
    for (const event of handled) {
      const counter = appliedEvents.has(event) ? this.metrics?.consumed : this.metrics?.duplicates;
      counter?.inc({ type: event.type, group: this.groupId });
    }
    return last;
  }

  /**
   * Message by message, each in its own transaction: a failing handler is rolled back before the
   * backoff, so no lock of this batch is held while waiting, and what went before stays committed.
   */
  private async applyOneByOne(payload: EachBatchPayload): Promise<string | undefined> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    let lastOffset: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.consumeMessage(batch.topic, batch.partition, message, heartbeat);
      lastOffset = message.offset;
      resolveOffset(message.offset);
    }
    return lastOffset;
  }

  /**
   * Inserts inbox rows for the events; returns the ids this group has still to apply: new ones,
   * and dead-lettered ones delivered again (a replay from the DLQ, or a redelivery after a crash
   * between commit and dead letter), which get another chance.
   */
  private async record(
    manager: EntityManager,
    events: { id: string; type: string }[],
    topic: string,
    partition: number,
    offsets: Map<string, string>,
    outcome: 'processed' | 'dead_lettered',
  ): Promise<Set<string>> {
    // One row per id: an upsert may not touch the same row twice in one statement.
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const rows = await manager.query<{ event_id: string }[]>(
      `INSERT INTO inbox (consumer_group, event_id, type, topic, partition, "offset", outcome)
       SELECT $1, e.id, e.type, $2, $3, e.off, $7
         FROM unnest($4::uuid[], $5::text[], $6::bigint[]) AS e(id, type, off)
       ON CONFLICT (consumer_group, event_id) DO UPDATE SET outcome = EXCLUDED.outcome, processed_at = now()
         WHERE inbox.outcome = 'dead_lettered' OR $8
       RETURNING event_id`,
      [
        this.groupId,
        topic,
        partition,
        unique.map((e) => e.id),
        unique.map((e) => e.type),
        unique.map((e) => offsets.get(e.id)),
        outcome,
        this.settings.skipDedup === true,
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  private async runHandlers(event: TypedEvent<EventType>, context: EventContext): Promise<void> {
    const handlers = this.handlers.get(event.type) ?? [];
    await RequestContext.run(
      {
        requestId: randomUUID(),
        correlationId: event.correlationId,
        causationId: event.id,
        actor: event.actor ? { ...event.actor, roles: event.actor.roles ?? [] } : undefined,
      },
      async () => {
        for (const handle of handlers) await handle(event, context);
      },
    );
  }

  private async consumeMessage(
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const parsed = parseEvent(message.value);
    if (!parsed.ok) {
      const detail = [parsed.message, ...parsed.errors.map((e) => `${e.field}: ${e.problem}`)].join(
        '; ',
      );
      await this.deadLetterUnparseable(physicalTopic, partition, message, parsed.reason, detail);
      return;
    }
    const event = parsed.event;
    if (!this.handlers.has(event.type)) return; // another service's concern
    const topic = this.kafka.logical(physicalTopic);
    const offsets = new Map([[event.id, message.offset]]);
    for (let attempt = 1; ; attempt++) {
      let outcome: 'processed' | 'duplicate';
      try {
        outcome = await this.dataSource.transaction(async (manager) => {
          const fresh =
            (await this.record(manager, [event], topic, partition, offsets, 'processed')).size ===
            1;
          if (!fresh) return 'duplicate';
          const context = {
            manager,
            topic,
            partition,
            offset: message.offset,
            groupId: this.groupId,
          };
          try {
            await this.runHandlers(event, context);
          } catch (error) {
            throw new HandlerFailure(error);
          }
          return 'processed';
        });
      } catch (error) {
        // The database or the broker failing is not the message's fault: the batch is redone.
        if (!(error instanceof HandlerFailure)) throw error;
        const final =
          error.cause instanceof NonRetryableError || attempt >= this.settings.maxAttempts;
        if (final) {
          // The inbox row commits first; the dead letter follows, so a failed commit sends none.
          await this.dataSource.transaction((manager) =>
            this.record(manager, [event], topic, partition, offsets, 'dead_lettered'),
          );
          await this.deadLetter(
            physicalTopic,
            partition,
            message,
            'handler_failed',
            describe(error.cause),
            attempt,
          );
          return;
        }
        this.metrics?.retried.inc({ type: event.type, group: this.groupId });
        // Outside any transaction: nothing of this service waits on the backoff.
        await sleep(this.settings.retryBackoffMs * 2 ** (attempt - 1));
        await heartbeat();
        continue;
      }
      const counter = outcome === 'processed' ? this.metrics?.consumed : this.metrics?.duplicates;
      counter?.inc({ type: event.type, group: this.groupId });
      return;
    }
  }

  /**
   * A message without an event id is dead-lettered once per group: it is remembered in the inbox
   * under a key made of where it lay and what it held, so a redelivery after a crash or a
   * rebalance (same offset, same bytes) is skipped. Sent before it is recorded: a crash in
   * between repeats a dead letter rather than losing one.
   */
  private async deadLetterUnparseable(
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
    reason: DlqReason,
    detail: string,
  ): Promise<void> {
    const topic = this.kafka.logical(physicalTopic);
    const key = unparseableKey(topic, partition, message);
    const seen = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2`,
      [this.groupId, key],
    );
    if (seen.length > 0) {
      this.metrics?.duplicates.inc({ type: 'unparseable', group: this.groupId });
      return;
    }
    await this.deadLetter(physicalTopic, partition, message, reason, detail, 0);
    await this.dataSource.query(
      `INSERT INTO inbox (consumer_group, event_id, type, topic, partition, "offset", outcome)
       VALUES ($1, $2, 'unparseable', $3, $4, $5, 'dead_lettered') ON CONFLICT DO NOTHING`,
      [this.groupId, key, topic, partition, message.offset],
    );
  }

  private async deadLetter(
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
    reason: DlqReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.error]: error.slice(0, 2000),
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.originTopic]: physicalTopic,
      [DLQ_HEADERS.originPartition]: String(partition),
      [DLQ_HEADERS.originOffset]: message.offset,
      [DLQ_HEADERS.consumerGroup]: this.groupId,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    const producer = await this.kafka.producer();
    await producer.send({
      topic: this.kafka.name(
        dlqTopic(this.kafka.logical(physicalTopic) as Parameters<typeof dlqTopic>[0]),
      ),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.metrics?.deadLettered.inc({ reason, group: this.groupId });
    this.logger.warn(
      `dead-lettered ${physicalTopic}[${partition}]@${message.offset} (${reason}, ${attempts} attempts)`,
    );
  }
}

/** A handler threw: the batch is redone one message at a time so only that message is retried. */
class HandlerFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(describe(cause));
  }
}

/** A uuid-shaped digest of a message's place and bytes (the inbox keys rows by uuid). */
function unparseableKey(topic: string, partition: number, message: KafkaMessage): string {
  const hash = createHash('sha256')
    .update(`${topic}\u0000${partition}\u0000${message.offset}\u0000`)
    .update(message.value ?? Buffer.alloc(0))
    .digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
