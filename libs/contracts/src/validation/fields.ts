import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Class constructor of a payload or nested payload part (no constructor arguments). */
export type PayloadClass<T extends object = object> = new () => T;

interface FieldOptions {
  optional?: boolean;
}

/** ISO-8601 date-time that carries its offset (Z or ±hh:mm), as the contract requires. */
export const ISO_TIMESTAMP_WITH_OFFSET = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const AREA_CODE_PATTERN = /^\d{6}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;
/** First 6 and last 4 characters of a PRC resident id, the 8 in between as '*'. */
export const MASKED_ID_NUMBER_PATTERN = /^\d{6}\*{8}\d{3}[\dX]$/;

export const ORG_CODE_MAX_LENGTH = 64;
export const USER_ID_MAX_LENGTH = 200;

function compose(decorators: PropertyDecorator[], options?: FieldOptions): PropertyDecorator {
  const all = options?.optional ? [IsOptional(), ...decorators] : decorators;
  return (target, propertyKey) => {
    for (const decorator of all) decorator(target, propertyKey);
  };
}

export function UuidField(options?: FieldOptions): PropertyDecorator {
  return compose([IsUUID()], options);
}

export function UuidListField(options?: FieldOptions): PropertyDecorator {
  return compose([IsArray(), IsUUID(undefined, { each: true })], options);
}

/** Non-empty string of bounded length. */
export function TextField(maxLength: number, options?: FieldOptions): PropertyDecorator {
  return compose([IsString(), IsNotEmpty(), MaxLength(maxLength)], options);
}

export function TextListField(
  maxLength: number,
  options?: FieldOptions & { minItems?: number },
): PropertyDecorator {
  const decorators = [
    IsArray(),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(maxLength, { each: true }),
  ];
  if (options?.minItems !== undefined) decorators.push(ArrayMinSize(options.minItems));
  return compose(decorators, options);
}

/** Union-unit code (e.g. a county union's code); scopes what a user may see. */
export function OrgCodeField(options?: FieldOptions): PropertyDecorator {
  return TextField(ORG_CODE_MAX_LENGTH, options);
}

/** A user id (JWT `sub`); not necessarily a UUID because an identity provider may issue it. */
export function UserIdField(options?: FieldOptions): PropertyDecorator {
  return TextField(USER_ID_MAX_LENGTH, options);
}

export function UserIdListField(options?: FieldOptions): PropertyDecorator {
  return TextListField(USER_ID_MAX_LENGTH, { ...options, minItems: 1 });
}

export function EnumField(values: readonly string[], options?: FieldOptions): PropertyDecorator {
  return compose([IsString(), IsIn([...values])], options);
}

export function EnumListField(
  values: readonly string[],
  options?: FieldOptions,
): PropertyDecorator {
  return compose([IsArray(), IsString({ each: true }), IsIn([...values], { each: true })], options);
}

export function TimestampField(options?: FieldOptions): PropertyDecorator {
  return compose(
    [
      IsISO8601({ strict: true }),
      Matches(ISO_TIMESTAMP_WITH_OFFSET, {
        message: '$property must be an ISO-8601 date-time with an offset (Z or ±hh:mm)',
      }),
    ],
    options,
  );
}

/** Money as integer fen (never floating point); `min` is 1 for movements, 0 for balances. */
export function FenField(min: 0 | 1, options?: FieldOptions): PropertyDecorator {
  return compose([IsInt(), Min(min), Max(Number.MAX_SAFE_INTEGER)], options);
}

/** A whole count (people, items, sequence numbers). */
export function CountField(min: number, max: number, options?: FieldOptions): PropertyDecorator {
  return compose([IsInt(), Min(min), Max(max)], options);
}

export function BoundedNumberField(
  min: number,
  max: number,
  options?: FieldOptions,
): PropertyDecorator {
  return compose(
    [IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max)],
    options,
  );
}

export function PatternField(
  pattern: RegExp,
  message: string,
  options?: FieldOptions,
): PropertyDecorator {
  return compose([IsString(), Matches(pattern, { message })], options);
}

export function PatternListField(
  pattern: RegExp,
  message: string,
  options?: FieldOptions,
): PropertyDecorator {
  return compose(
    [IsArray(), IsString({ each: true }), Matches(pattern, { each: true, message })],
    options,
  );
}

// The class-validator metadata does not record which class a nested property holds; the schema
// generator reads it from here.
const nestedTypes = new Map<unknown, Map<string, () => PayloadClass>>();

/** The class a NestedField property holds, looking up the inheritance chain. */
export function nestedTypeOf(target: PayloadClass, propertyName: string): PayloadClass | undefined {
  for (
    let current: unknown = target;
    typeof current === 'function';
    current = Object.getPrototypeOf(current)
  ) {
    const found = nestedTypes.get(current)?.get(propertyName);
    if (found) return found();
  }
  return undefined;
}

/** A nested object (or, with `each`, an array of them), validated recursively. */
export function NestedField(
  type: () => PayloadClass,
  options?: FieldOptions & { each?: boolean },
): PropertyDecorator {
  const register: PropertyDecorator = (target, propertyKey) => {
    const byProperty = nestedTypes.get(target.constructor) ?? new Map<string, () => PayloadClass>();
    byProperty.set(String(propertyKey), type);
    nestedTypes.set(target.constructor, byProperty);
  };
  const shape = options?.each ? IsArray() : IsObject();
  return compose([shape, ValidateNested({ each: options?.each }), Type(type), register], options);
}
