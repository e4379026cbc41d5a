import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  findEventDefinition,
  isEventType,
  latestEventDefinition,
  type AnyEventDefinition,
  type AnyTypedEvent,
  type EventType,
} from './catalogue';
import { EventEnvelope, type DlqReason } from './envelope';
import type { PayloadClass } from './validation/fields';

export interface FieldProblem {
  /** Dotted path from the envelope root, e.g. `data.beneficiaries.0.cash.amountFen`; '' for the root. */
  field: string;
  problem: string;
}

export type ParseFailureReason = Exclude<DlqReason, 'handler_failed'>;

export type ParseResult =
  | { ok: true; event: AnyTypedEvent; definition: AnyEventDefinition }
  | { ok: false; reason: ParseFailureReason; message: string; errors: FieldProblem[] };

function failure(
  reason: ParseFailureReason,
  message: string,
  errors: FieldProblem[] = [],
): ParseResult {
  return { ok: false, reason, message, errors };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flattenErrors(errors: readonly ValidationError[], prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    // One entry per field: a missing value would otherwise repeat every rule it fails.
    if (messages.length > 0) problems.push({ field, problem: messages.join('; ') });
    if (error.children?.length) problems.push(...flattenErrors(error.children, field));
  }
  return problems;
}

interface Validated<T> {
  instance: T;
  problems: FieldProblem[];
}

// whitelist: a tolerant reader strips fields it does not know instead of rejecting the event.
function validatePlain<T extends object>(
  cls: PayloadClass<T>,
  plain: Record<string, unknown>,
  prefix: string,
): Validated<T> {
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  return { instance, problems: flattenErrors(errors, prefix) };
}

/** Back to JSON-shaped data: drops class prototypes and undefined optionals. */
function toPlain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function validatePayload(
  definition: AnyEventDefinition,
  data: unknown,
  prefix: string,
): Validated<object> {
  if (!isPlainObject(data)) {
    return { instance: {}, problems: [{ field: prefix, problem: 'data must be an object' }] };
  }
  return validatePlain(definition.payload, data, prefix);
}

/**
 * Validates `data` against the latest version of `type`; an empty list means it may be published.
 * Field paths are relative to `data` (e.g. `beneficiaries.0.cash.amountFen`).
 */
export function validateEventData(type: EventType, data: unknown): FieldProblem[] {
  return validatePayload(latestEventDefinition(type), data, '').problems;
}

function describe(problems: FieldProblem[]): string {
  return problems
    .slice(0, 5)
    .map((p) => (p.field ? `${p.field}: ${p.problem}` : p.problem))
    .join('; ');
}

/** Decodes and validates one Kafka message value against the envelope and the event catalogue. */
export function parseEvent(raw: Buffer | string | null | undefined): ParseResult {
  if (raw === null || raw === undefined) return failure('malformed_json', 'Message has no value');
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    return failure(
      'malformed_json',
      `Message value is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isPlainObject(json)) {
    return failure('invalid_envelope', 'Message value is not a JSON object', [
      { field: '', problem: 'envelope must be a JSON object' },
    ]);
  }

  const envelope = validatePlain(EventEnvelope, json, '');
  if (envelope.problems.length > 0) {
    return failure(
      'invalid_envelope',
      `Invalid event envelope: ${describe(envelope.problems)}`,
      envelope.problems,
    );
  }
  const { type, version } = envelope.instance;

  const definition = findEventDefinition(type, version);
  if (!definition) {
    const knownType = isEventType(type);
    const message = knownType
      ? `Event type ${type} has no version ${version}`
      : `Unknown event type ${type}`;
    return failure('unknown_type', message, [
      { field: knownType ? 'version' : 'type', problem: message },
    ]);
  }

  const payload = validatePayload(definition, envelope.instance.data, 'data');
  if (payload.problems.length > 0) {
    return failure(
      'invalid_payload',
      `Invalid ${type} v${version} data: ${describe(payload.problems)}`,
      payload.problems,
    );
  }

  const event = {
    ...toPlain(envelope.instance),
    data: toPlain(payload.instance),
  } as unknown as AnyTypedEvent;
  return { ok: true, event, definition };
}
