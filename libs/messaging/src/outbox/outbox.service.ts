import { Inject, Injectable } from '@nestjs/common';
import {
  createEvent,
  EventPayloads,
  EventType,
  topicOf,
  TypedEvent,
  validateEventData,
} from '@aidflow/contracts';
import { RequestContext } from '@aidflow/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';

export class InvalidEventError extends Error {
  constructor(type: string, problems: { field: string; problem: string }[]) {
    super(
      `refusing to publish invalid ${type}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
    );
    this.name = 'InvalidEventError';
  }
}

/** An event to publish: its type, aggregate and payload (the envelope is built here). */
export type NewEvent = {
  [T in EventType]: { type: T; aggregateId: string; data: EventPayloads[T] };
}[EventType];

/**
 * Appends events to the service's outbox inside the caller's transaction: the state change and
 * the event commit together or not at all. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** Builds the envelope (correlation, causation and actor from the current context) and appends it. */
  async publish<T extends EventType>(
    manager: EntityManager,
    type: T,
    aggregateId: string,
    data: EventPayloads[T],
  ): Promise<TypedEvent<T>> {
    const event = this.envelope(type, aggregateId, data);
    await this.append(manager, event);
    return event;
  }

  /** Several events of one write (a batch's visits) with one statement. */
  async publishMany(manager: EntityManager, events: readonly NewEvent[]): Promise<void> {
    await this.append(manager, ...events.map((e) => this.envelope(e.type, e.aggregateId, e.data)));
  }

  private envelope<T extends EventType>(
    type: T,
    aggregateId: string,
    data: EventPayloads[T],
  ): TypedEvent<T> {
    const context = RequestContext.current();
    return createEvent(type, {
      aggregateId,
      data,
      producer: this.options.serviceName,
      correlationId: context?.correlationId ?? randomUUID(),
      causationId: context?.causationId,
      actor: context?.actor,
    });
  }

  /** Appends ready-made envelopes; the manager must be inside a transaction. */
  async append(manager: EntityManager, ...events: TypedEvent<EventType>[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("outbox append needs the caller's transaction (no dual writes)");
    }
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      const problems = validateEventData(event.type, event.data);
      if (problems.length > 0) throw new InvalidEventError(event.type, problems);
      values.push(
        event.id,
        topicOf(event.type),
        event.aggregateId,
        event.type,
        event.version,
        JSON.stringify(event),
      );
      const p = i * 6;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO outbox (id, topic, aggregate_id, type, version, envelope) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /**
   * Publishes an existing event again, unchanged (same id: every consumer's inbox applies it at
   * most once). Replaying the same event again sends it once more; the inboxes skip it.
   */
  async republish(manager: EntityManager, event: TypedEvent<EventType>): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("outbox republish needs the caller's transaction");
    }
    const problems = validateEventData(event.type, event.data);
    if (problems.length > 0) throw new InvalidEventError(event.type, problems);
    await manager.query(
      `INSERT INTO outbox (id, topic, aggregate_id, type, version, envelope) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (id) DO UPDATE SET published_at = NULL, parked_at = NULL, attempts = 0, next_attempt_at = NULL`,
      [
        event.id,
        topicOf(event.type),
        event.aggregateId,
        event.type,
        event.version,
        JSON.stringify(event),
      ],
    );
  }
}
