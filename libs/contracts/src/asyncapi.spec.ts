import { readFileSync } from 'node:fs';
import { buildAsyncApiDocument, messageKey } from './asyncapi';
import { EVENT_CATALOGUE, type AnyEventDefinition } from './catalogue';
import { EventEnvelope } from './envelope';
import { payloadJsonSchema, validatedPropertyNames } from './json-schema';
import { ASYNCAPI_DOCUMENT_PATH } from './bin/write-asyncapi';
import { sampleEventData } from './testing/sample-events';
import { ALL_TOPICS, dlqTopic } from './topics';

const definitions = EVENT_CATALOGUE as readonly AnyEventDefinition[];

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument();

  it('is AsyncAPI 3.0 with a channel per topic and per dead-letter twin', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((c) => c.address);
    expect(addresses.sort()).toEqual([...ALL_TOPICS, ...ALL_TOPICS.map((t) => dlqTopic(t))].sort());
  });

  it('has a message for every catalogue type and version, on its topic channel', () => {
    for (const definition of definitions) {
      const key = messageKey(definition);
      expect(document.components.messages[key]).toMatchObject({ name: definition.type });
      const channel = Object.values(document.channels).find((c) => c.address === definition.topic);
      expect(channel?.messages[key]).toEqual({ $ref: `#/components/messages/${key}` });
      expect(document.components.schemas[definition.payload.name]).toBeDefined();
    }
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const path = ref.slice('"$ref":"#/'.length, -1).split('/');
      let node: unknown = document;
      for (const part of path) node = (node as Record<string, unknown>)[part];
      expect({ ref, found: node !== undefined }).toEqual({ ref, found: true });
    }
  });

  it('describes exactly the validated properties of every payload (no drift)', () => {
    for (const cls of [EventEnvelope, ...definitions.map((d) => d.payload)]) {
      const schema = payloadJsonSchema(cls);
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(
        validatedPropertyNames(cls).sort(),
      );
    }
  });

  it('requires only fields that every sample carries', () => {
    for (const definition of definitions) {
      const required = document.components.schemas[definition.payload.name].required ?? [];
      const sample = sampleEventData[definition.type as keyof typeof sampleEventData];
      const missing = required.filter((field) => !(field in sample));
      expect({ type: definition.type, missing }).toEqual({ type: definition.type, missing: [] });
    }
  });

  it('maps money, enums, timestamps and masked ids', () => {
    const schemas = document.components.schemas;
    expect(schemas.DisbursementApprovedV1.properties?.amountFen).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    });
    expect(schemas.IncidentReportedV1.properties?.kind.enum).toContain('earthquake');
    expect(schemas.EventEnvelope.properties?.occurredAt).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(schemas.BeneficiaryRegisteredV1.properties?.idNumberMasked.pattern).toBe(
      '^\\d{6}\\*{8}\\d{3}[\\dX]$',
    );
    expect(schemas.VisitLoggedV1.properties?.beneficiaries).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/VisitedBeneficiaryV1' },
    });
  });

  it('matches the committed docs/asyncapi.json (regenerate with libs/contracts/src/bin/write-asyncapi.ts)', () => {
    const committed: unknown = JSON.parse(readFileSync(ASYNCAPI_DOCUMENT_PATH, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
