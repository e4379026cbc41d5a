import 'reflect-metadata';
import { IsInt, IsObject, Min } from 'class-validator';
import {
  NestedField,
  OrgCodeField,
  TextField,
  TextListField,
  TimestampField,
  UserIdField,
  UuidField,
} from './validation/fields';

/** Who caused the event (from the JWT claims); absent for events a service emits on its own. */
export class EventActor {
  @UserIdField()
  sub!: string;

  @TextField(200, { optional: true })
  name?: string;

  // Kept as free strings: a tolerant reader must not reject events because a role was added.
  @TextListField(64, { optional: true })
  roles?: string[];

  @OrgCodeField({ optional: true })
  orgCode?: string;
}

/** The JSON value of every message on the event topics (CONTRACT.md § Events on Kafka). */
export class EventEnvelope {
  /** Consumers are idempotent on this id. */
  @UuidField()
  id!: string;

  /** e.g. "disbursement.approved". */
  @TextField(100)
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @TimestampField()
  occurredAt!: string;

  /** Name of the service that produced the event. */
  @TextField(100)
  producer!: string;

  /** Also the Kafka message key, so one aggregate's events stay in order; an org's code, not always a UUID. */
  @TextField(200)
  aggregateId!: string;

  @TextField(200)
  correlationId!: string;

  /** Id of the event (or request) that caused this one. */
  @TextField(200, { optional: true })
  causationId?: string;

  @NestedField(() => EventActor, { optional: true })
  actor?: EventActor;

  @IsObject()
  data!: Record<string, unknown>;
}

/** Kafka headers the outbox relay puts on every event message (routing without parsing the value). */
export const ENVELOPE_HEADERS = {
  id: 'aidflow-event-id',
  type: 'aidflow-event-type',
  version: 'aidflow-event-version',
  correlationId: 'aidflow-correlation-id',
  producer: 'aidflow-producer',
} as const;

export const DLQ_REASONS = [
  'malformed_json',
  'invalid_envelope',
  'unknown_type',
  'invalid_payload',
  'handler_failed',
  /** An outbox row the broker refused too often: parked by its producer's relay, value absent when too large. */
  'unpublishable',
] as const;
export type DlqReason = (typeof DLQ_REASONS)[number];

/** Kafka headers added when a message is copied to a `.dlq` topic; the value is kept unchanged. */
export const DLQ_HEADERS = {
  error: 'aidflow-dlq-error',
  reason: 'aidflow-dlq-reason',
  attempts: 'aidflow-dlq-attempts',
  originTopic: 'aidflow-dlq-origin-topic',
  originPartition: 'aidflow-dlq-origin-partition',
  originOffset: 'aidflow-dlq-origin-offset',
  consumerGroup: 'aidflow-dlq-consumer-group',
  failedAt: 'aidflow-dlq-failed-at',
} as const;
