import { Type } from '@nestjs/common';
import { ApiProperty, DECORATORS, type ApiPropertyOptions } from '@nestjs/swagger';
import type { MetadataStorage as TransformStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes, type MetadataStorage } from 'class-validator';

// class-validator does not export this type from its entry point.
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  description?: string;
}

// class-transformer ships this file's types under another path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: TransformStorage;
};

const described = new WeakSet<object>();

function constraint(metadata: ValidationMetadata): unknown {
  return (metadata.constraints as unknown[] | undefined)?.[0];
}

function numeric(metadata: ValidationMetadata): number | undefined {
  const value = constraint(metadata);
  return typeof value === 'number' ? value : undefined;
}

/** One class-validator rule onto a schema. Custom rules keep the design type and are named in the description. */
function applyRule(schema: Schema, metadata: ValidationMetadata): void {
  switch (metadata.name) {
    case 'isString':
      schema.type = 'string';
      return;
    case 'isNotEmpty':
      if (schema.type !== 'integer' && schema.type !== 'number')
        schema.minLength = Math.max(schema.minLength ?? 0, 1);
      return;
    case 'maxLength':
      schema.maxLength = numeric(metadata);
      return;
    case 'minLength':
      schema.minLength = numeric(metadata);
      return;
    case 'isInt':
      schema.type = 'integer';
      return;
    case 'isNumber':
      schema.type ??= 'number';
      return;
    case 'min':
      schema.minimum = numeric(metadata);
      return;
    case 'max':
      schema.maximum = numeric(metadata);
      return;
    case 'isIn':
    case 'isEnum': {
      const values = constraint(metadata);
      schema.enum = Array.isArray(values)
        ? [...(values as unknown[])]
        : Object.values(values ?? {});
      return;
    }
    case 'equals':
      schema.enum = [constraint(metadata)];
      return;
    case 'isUuid':
      schema.type = 'string';
      schema.format = 'uuid';
      return;
    case 'isIso8601':
    case 'isDateString':
      schema.type = 'string';
      schema.format = 'date-time';
      return;
    case 'matches': {
      const pattern = constraint(metadata);
      schema.type = 'string';
      schema.pattern = pattern instanceof RegExp ? pattern.source : String(pattern);
      return;
    }
    case 'isBoolean':
      schema.type = 'boolean';
      return;
    case 'isArray':
      schema.type = 'array';
      return;
    case 'arrayMinSize':
      schema.minItems = numeric(metadata);
      return;
    case 'arrayMaxSize':
      schema.maxItems = numeric(metadata);
      return;
    case 'arrayUnique':
      schema.uniqueItems = true;
      return;
    case 'isObject':
      schema.type = 'object';
      return;
    default:
      if (metadata.name)
        schema.description = [schema.description, metadata.name].filter(Boolean).join(', ');
  }
}

function isClass(value: unknown): value is Type<unknown> {
  return (
    typeof value === 'function' &&
    value !== Object &&
    value !== Array &&
    /^class\s/.test(String(value))
  );
}

/** The class a nested property holds (class-transformer's `@Type`, which NestedField and NestedGeoPoint set). */
function nestedClassOf(cls: Type<unknown>, propertyName: string): Type<unknown> | undefined {
  const found = defaultMetadataStorage.findTypeMetadata(cls, propertyName);
  const nested: unknown = found?.typeFunction();
  return isClass(nested) ? nested : undefined;
}

/**
 * Documents a class-validator DTO for @nestjs/swagger from its validation rules (type, format,
 * enum, bounds, optionality, nested classes), so the schema is the validator's own. An explicit
 * `@ApiProperty` on a field wins over what is derived. Nested classes are described too.
 */
export function describeValidatedClass(cls: Type<unknown>): void {
  if (described.has(cls)) return;
  described.add(cls);
  const storage = getMetadataStorage();
  const rules = storage.getTargetValidationMetadatas(cls, '', true, false);
  for (const [propertyName, list] of Object.entries(storage.groupByPropertyName(rules))) {
    const schema: Schema = {};
    const item: Schema = {};
    let optional = false;
    let nested = false;
    for (const metadata of list) {
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) optional = true;
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) nested = true;
      else if (
        metadata.type === ValidationTypes.WHITELIST ||
        metadata.type === ValidationTypes.IS_DEFINED
      )
        continue;
      else applyRule(metadata.each ? item : schema, metadata);
    }
    const options: Record<string, unknown> = { required: !optional };
    const nestedClass = nested ? nestedClassOf(cls, propertyName) : undefined;
    if (nestedClass) {
      describeValidatedClass(nestedClass);
      Object.assign(options, { type: () => nestedClass, isArray: schema.type === 'array' });
      for (const key of ['minItems', 'maxItems', 'uniqueItems', 'description'] as const)
        if (schema[key] !== undefined) options[key] = schema[key];
    } else {
      const { type, ...rest } = schema;
      Object.assign(options, rest);
      if (type === 'array') {
        // Items without a rule of their own are any JSON value.
        Object.assign(options, { type: 'array', items: { ...item } });
      } else if (type) {
        options.type = type;
      }
    }
    const prototype = (cls as { prototype: object }).prototype;
    // An explicit @ApiProperty on the field wins over what is derived.
    const explicit = Reflect.getMetadata(
      DECORATORS.API_MODEL_PROPERTIES,
      prototype,
      propertyName,
    ) as ApiPropertyOptions | undefined;
    if (explicit?.type !== undefined)
      for (const key of ['type', 'items', 'isArray']) delete options[key];
    ApiProperty({ ...options, ...explicit })(prototype, propertyName);
  }
}
