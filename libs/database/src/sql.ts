import { EntityManager, QueryFailedError } from 'typeorm';

/** SQLSTATEs services act on. */
export const PG_UNIQUE_VIOLATION = '23505';
/** Deadlock and serialization failures: the transaction did nothing and may simply run again. */
export const PG_TRANSIENT_STATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** The PostgreSQL SQLSTATE of a failed query (undefined for any other error). */
export function sqlState(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code: unknown = (error.driverError as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The name of the constraint a failed query violated, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const constraint: unknown = (error.driverError as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/**
 * Runs an UPDATE … RETURNING and gives its rows: TypeORM's postgres driver answers UPDATE and
 * DELETE with [rows, rowCount] instead of the rows alone.
 */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const raw = (await manager.query(sql, params)) as unknown;
  if (
    Array.isArray(raw) &&
    raw.length === 2 &&
    Array.isArray(raw[0]) &&
    typeof raw[1] === 'number'
  ) {
    return raw[0] as T[];
  }
  return raw as T[];
}

/** bigint fen read back from pg (a string) as a number, refusing anything unsafe. */
export function fenFromPg(value: string | number | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${String(value)} is not a safe integer`);
  return n;
}
