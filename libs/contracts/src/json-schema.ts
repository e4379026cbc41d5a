import {
  ARRAY_MIN_SIZE,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_NOT_EMPTY,
  IS_NUMBER,
  IS_OBJECT,
  IS_STRING,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  getMetadataStorage,
  ValidationTypes,
  type MetadataStorage,
} from 'class-validator';
import { nestedTypeOf, type PayloadClass } from './validation/fields';

// class-validator does not export this type from its entry point.
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** The subset of JSON Schema (draft-07, as AsyncAPI uses) that the payload classes need. */
export interface JsonSchema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  format?: string;
  pattern?: string;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
}

function validationMetadataOf(cls: PayloadClass): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
}

/** Property names that carry class-validator metadata, i.e. the ones a whitelisting reader keeps. */
export function validatedPropertyNames(cls: PayloadClass): string[] {
  return [...new Set(validationMetadataOf(cls).map((m) => m.propertyName))];
}

function firstConstraint(metadata: ValidationMetadata): unknown {
  return (metadata.constraints as unknown[] | undefined)?.[0];
}

function numberConstraint(metadata: ValidationMetadata): number {
  const value = firstConstraint(metadata);
  if (typeof value !== 'number')
    throw new Error(`@${metadata.name} on ${metadata.propertyName} has no number`);
  return value;
}

/** Applies one class-validator rule to a schema; an unmapped rule is an error so the schema cannot silently drift. */
function applyRule(schema: JsonSchema, metadata: ValidationMetadata, owner: string): void {
  const rule = metadata.name ?? metadata.type;
  switch (rule) {
    case IS_STRING:
      schema.type = 'string';
      return;
    case IS_NOT_EMPTY:
      schema.minLength = Math.max(schema.minLength ?? 0, 1);
      return;
    case MAX_LENGTH:
      schema.maxLength = numberConstraint(metadata);
      return;
    case MIN_LENGTH:
      schema.minLength = numberConstraint(metadata);
      return;
    case IS_INT:
      schema.type = 'integer';
      return;
    case IS_NUMBER:
      schema.type ??= 'number';
      return;
    case MIN:
      schema.minimum = numberConstraint(metadata);
      return;
    case MAX:
      schema.maximum = numberConstraint(metadata);
      return;
    case IS_IN:
      schema.enum = [...(firstConstraint(metadata) as unknown[])];
      return;
    case IS_UUID:
      schema.type = 'string';
      schema.format = 'uuid';
      return;
    case IS_ISO8601:
      schema.type = 'string';
      schema.format = 'date-time';
      return;
    case MATCHES: {
      const pattern = firstConstraint(metadata);
      schema.type = 'string';
      schema.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
      return;
    }
    case IS_ARRAY:
      schema.type = 'array';
      return;
    case ARRAY_MIN_SIZE:
      schema.minItems = numberConstraint(metadata);
      return;
    case IS_OBJECT:
      schema.type = 'object';
      return;
    case IS_BOOLEAN:
      schema.type = 'boolean';
      return;
    default:
      throw new Error(`JSON schema: no mapping for @${rule} on ${owner}.${metadata.propertyName}`);
  }
}

/**
 * JSON schema of a payload class, generated from its class-validator metadata. Nested classes
 * become `$ref`s to `refPrefix + ClassName` and are reported through `onNested`.
 */
export function payloadJsonSchema(
  cls: PayloadClass,
  refPrefix = '#/components/schemas/',
  onNested: (nested: PayloadClass) => void = () => undefined,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const byProperty = getMetadataStorage().groupByPropertyName(validationMetadataOf(cls));

  for (const [propertyName, rules] of Object.entries(byProperty)) {
    const schema: JsonSchema = {};
    const item: JsonSchema = {};
    let optional = false;
    let nested = false;
    for (const metadata of rules) {
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        optional = true;
      } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
        nested = true;
      } else {
        applyRule(metadata.each ? item : schema, metadata, cls.name);
      }
    }
    if (nested) {
      const nestedClass = nestedTypeOf(cls, propertyName);
      if (!nestedClass)
        throw new Error(
          `JSON schema: ${cls.name}.${propertyName} is nested but not declared with NestedField`,
        );
      onNested(nestedClass);
      const ref: JsonSchema = { $ref: `${refPrefix}${nestedClass.name}` };
      if (schema.type === 'array') Object.assign(item, ref);
      else {
        properties[propertyName] = ref;
        if (!optional) required.push(propertyName);
        continue;
      }
    }
    if (Object.keys(item).length > 0) schema.items = item;
    properties[propertyName] = schema;
    if (!optional) required.push(propertyName);
  }
  return { type: 'object', title: cls.name, properties, required };
}
