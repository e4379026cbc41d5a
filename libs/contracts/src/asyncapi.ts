import { EVENT_CATALOGUE, type AnyEventDefinition } from './catalogue';
import { DLQ_HEADERS, DLQ_REASONS, ENVELOPE_HEADERS, EventActor, EventEnvelope } from './envelope';
import { payloadJsonSchema, type JsonSchema } from './json-schema';
import { dlqTopic, TOPICS, type TopicKey } from './topics';
import type { PayloadClass } from './validation/fields';

/** Bumped when the published catalogue changes (a new event or version). */
export const CATALOGUE_DOCUMENT_VERSION = '1.2.0';

const SCHEMA_REF = '#/components/schemas/';
const DEAD_LETTER_MESSAGE = 'deadLetter';

const DLQ_HEADER_DESCRIPTIONS: Record<keyof typeof DLQ_HEADERS, string> = {
  error: 'Error message of the last failure',
  reason: `One of: ${DLQ_REASONS.join(', ')}`,
  attempts: 'How many times processing was attempted',
  originTopic: 'Topic the message was consumed from',
  originPartition: 'Partition it was consumed from',
  originOffset: 'Offset it had there',
  consumerGroup: 'Consumer group that gave up on it',
  failedAt: 'ISO-8601 time of the last failure',
};

export type AsyncApiDocument = Record<string, unknown> & {
  asyncapi: '3.0.0';
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, Record<string, unknown>>;
  };
};

/** Component key of one event version, e.g. `disbursement.approved.v1`. */
export function messageKey(definition: Pick<AnyEventDefinition, 'type' | 'version'>): string {
  return `${definition.type}.v${definition.version}`;
}

function dlqChannelId(key: TopicKey): string {
  return `${key}Dlq`;
}

/** Kafka header schema: header names are the values of `headers`, described by their keys. */
function headerSchema<K extends string>(
  headers: Record<K, string>,
  describe: (key: K) => string,
): JsonSchema {
  const entries = Object.entries(headers) as [K, string][];
  return {
    type: 'object',
    properties: Object.fromEntries(
      entries.map(([key, name]) => [name, { type: 'string', description: describe(key) }]),
    ),
  };
}

/** The AsyncAPI 3.0 description of every topic and event, generated from the catalogue. */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const classesByName = new Map<string, PayloadClass>();

  const addSchema = (cls: PayloadClass): void => {
    const known = classesByName.get(cls.name);
    if (known === cls) return;
    if (known) throw new Error(`AsyncAPI: two payload classes are named ${cls.name}`);
    classesByName.set(cls.name, cls);
    schemas[cls.name] = payloadJsonSchema(cls, SCHEMA_REF, addSchema);
  };
  addSchema(EventEnvelope);
  addSchema(EventActor);

  const messages: Record<string, Record<string, unknown>> = {};
  const channels: AsyncApiDocument['channels'] = {};
  const operations: Record<string, unknown> = {};
  const topicKeys = Object.keys(TOPICS) as TopicKey[];

  for (const key of topicKeys) {
    channels[key] = { address: TOPICS[key], messages: {} };
  }

  for (const definition of EVENT_CATALOGUE as readonly AnyEventDefinition[]) {
    addSchema(definition.payload);
    const id = messageKey(definition);
    messages[id] = {
      name: definition.type,
      title: `${definition.type} v${definition.version}`,
      summary: definition.description,
      contentType: 'application/json',
      headers: headerSchema(ENVELOPE_HEADERS, (field) => `Copy of the envelope's ${field}`),
      payload: {
        allOf: [
          { $ref: `${SCHEMA_REF}${EventEnvelope.name}` },
          {
            type: 'object',
            properties: {
              type: { const: definition.type },
              version: { const: definition.version },
              data: { $ref: `${SCHEMA_REF}${definition.payload.name}` },
            },
          },
        ],
      },
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: 'The envelope aggregateId, so one aggregate’s events stay in order',
          },
          bindingVersion: '0.5.0',
        },
      },
    };
    const channelKey = topicKeys.find((k) => TOPICS[k] === definition.topic);
    if (!channelKey) throw new Error(`AsyncAPI: ${id} names unknown topic ${definition.topic}`);
    channels[channelKey].messages[id] = { $ref: `#/components/messages/${id}` };
  }

  messages[DEAD_LETTER_MESSAGE] = {
    name: 'dead-letter',
    title: 'Dead letter',
    summary:
      'A message that could not be processed, with its original value and headers unchanged.',
    contentType: 'application/octet-stream',
    headers: {
      ...headerSchema(DLQ_HEADERS, (key) => DLQ_HEADER_DESCRIPTIONS[key]),
      description: 'The original message headers are kept as well.',
    },
    payload: { description: 'The original message value, byte for byte; may not be valid JSON.' },
  };

  for (const key of topicKeys) {
    const dlqId = dlqChannelId(key);
    channels[dlqId] = {
      address: dlqTopic(TOPICS[key]),
      messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
    };
    operations[`publish${key[0].toUpperCase()}${key.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      summary: `Services publish ${key} events through their transactional outbox.`,
    };
    operations[`deadLetter${key[0].toUpperCase()}${key.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlqId}` },
      summary: `Consumers move unprocessable ${key} messages here.`,
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'AidFlow events',
      version: CATALOGUE_DOCUMENT_VERSION,
      description:
        'Domain events of AidFlow (disaster-response aid). Delivery is at least once; consumers are idempotent on the envelope id. Contracts change only by adding versions.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  };
}
