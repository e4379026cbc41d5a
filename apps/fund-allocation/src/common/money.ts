import { IsInt, Max, Min } from 'class-validator';

/** A bigint column as pg returns it (a string) to a JSON-safe integer number of fen. */
export function fen(value: string | number | bigint | null): number {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  // A balance beyond 2^53 cannot be shown exactly in JSON: fail loudly rather than round money.
  if (!Number.isSafeInteger(n))
    throw new Error(`amount ${String(value)} is not a safe integer of fen`);
  return n;
}

/** A fen amount as a query parameter for a bigint column (no float formatting ever reaches SQL). */
export function fenParam(amount: number): string {
  if (!Number.isSafeInteger(amount))
    throw new Error(`amount ${amount} is not a safe integer of fen`);
  return String(amount);
}

/** A positive whole number of fen that JSON can carry exactly. */
export const PositiveFen = (): PropertyDecorator => (target, key) => {
  IsInt({ message: '$property must be a whole number of fen' })(target, key);
  Min(1)(target, key);
  Max(Number.MAX_SAFE_INTEGER)(target, key);
};
