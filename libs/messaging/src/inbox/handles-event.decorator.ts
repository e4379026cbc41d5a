import { EventType, TypedEvent } from '@aidflow/contracts';
import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const HANDLES_EVENT = Symbol('aidflow:handles-event');

export interface EventContext {
  /** The inbox's transaction: the handler's writes commit with the event's inbox record. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
}

export type EventHandler<T extends EventType = EventType> = (
  event: TypedEvent<T>,
  context: EventContext,
) => Promise<void>;

/** Marks a consumer method as the handler of one or more event types (in a `*.consumer.ts`). */
export const HandlesEvent = (...types: EventType[]): MethodDecorator =>
  SetMetadata(HANDLES_EVENT, types);
