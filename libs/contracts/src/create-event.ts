import { randomUUID } from 'node:crypto';
import {
  latestEventDefinition,
  type EventPayloads,
  type EventType,
  type TypedEvent,
} from './catalogue';
import type { EventActor } from './envelope';

export interface CreateEventInput<T extends EventType> {
  /** Kafka key: the id (or org code) of the aggregate the event is about. */
  aggregateId: string;
  data: EventPayloads[T];
  correlationId: string;
  causationId?: string;
  actor?: EventActor;
  /** The producing service's name. */
  producer: string;
  /** Defaults to now. */
  occurredAt?: string;
  /** Defaults to a fresh UUID; pass one to make a retried write produce the same event. */
  id?: string;
}

/** Builds a plain envelope at the latest version of `type`; validate with validateEventData before publishing. */
export function createEvent<T extends EventType>(
  type: T,
  input: CreateEventInput<T>,
): TypedEvent<T> {
  const event: TypedEvent<T> = {
    id: input.id ?? randomUUID(),
    type,
    version: latestEventDefinition(type).version,
    occurredAt: input.occurredAt ?? new Date().toISOString(),
    producer: input.producer,
    aggregateId: input.aggregateId,
    correlationId: input.correlationId,
    data: input.data,
  };
  // Optional fields are left out rather than set to undefined, so the JSON matches the object.
  if (input.causationId !== undefined) event.causationId = input.causationId;
  if (input.actor !== undefined) event.actor = input.actor;
  return event;
}
