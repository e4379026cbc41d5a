import { EntityManager, QueryFailedError } from 'typeorm';

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

export const UNIQUE_VIOLATION = '23505';
/** Deadlock and serialization failures: the transaction did nothing and may simply be run again. */
export const TRANSIENT_STATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** bigint fen read back from pg (a string) as a number, refusing anything unsafe. */
export function fenNumber(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${String(value)} is not a safe integer`);
  return n;
}

/**
 * Takes the per-disbursement transaction locks, in one global order so two holders cannot deadlock.
 * They order a visit's cash check against the arrival of the disbursement's events.
 */
export async function lockDisbursements(
  manager: EntityManager,
  disbursementIds: readonly string[],
): Promise<void> {
  for (const id of [...new Set(disbursementIds)].sort()) {
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.disbursement'), hashtext($1))`,
      [id],
    );
  }
}
