import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** ISO 7064 MOD 11-2 weights of the first 17 digits of a PRC resident id (GB 11643-1999). */
export const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each weighted sum modulo 11. */
export const RESIDENT_ID_CHECK_CHARS = '10X98765432';

/** The check character the first 17 digits call for. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('expected 17 digits');
  const sum = RESIDENT_ID_WEIGHTS.reduce(
    (total, weight, i) => total + weight * Number(first17[i]),
    0,
  );
  return RESIDENT_ID_CHECK_CHARS[sum % 11];
}

/** Trims and upper-cases the check character (people write a lower-case x). */
export function normalizeResidentId(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * What is wrong with a resident id (already normalised), or undefined when it is valid. The
 * message never repeats the id: validation errors reach responses and logs.
 */
export function residentIdProblem(value: unknown, today: Date = new Date()): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length !== 18) return 'must be 18 characters';
  if (!/^\d{17}$/.test(value.slice(0, 17))) return 'the first 17 characters must be digits';
  if (!/^[\dX]$/.test(value[17])) return 'the last character must be a digit or X';
  const birthProblem = birthDateProblem(value.slice(6, 14), today);
  if (birthProblem) return birthProblem;
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return 'check digit does not match';
  return undefined;
}

function birthDateProblem(yyyymmdd: string, today: Date): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real) return 'birth date (characters 7–14) is not a real date';
  // Compared as calendar days in China's time zone, where the ids are issued.
  const todayInChina = new Date(today.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const birth = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (birth > todayInChina) return 'birth date (characters 7–14) is in the future';
  return undefined;
}

/** class-validator: a valid PRC resident id, reported with the field's other problems. */
export function IsResidentId(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isResidentId',
      target: target.constructor,
      propertyName: String(propertyKey),
      options,
      validator: {
        validate: (value: unknown) => residentIdProblem(value) === undefined,
        defaultMessage: (args) => residentIdProblem(args?.value) ?? 'must be a valid resident id',
      },
    });
}

/**
 * A resident id field: normalised before validation (so a lower-case x is accepted and stored as
 * X), then checked with {@link IsResidentId}.
 */
export function ResidentIdField(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normalizeResidentId(value) : value,
    )(target, propertyKey);
    IsResidentId(options)(target, propertyKey);
  };
}
