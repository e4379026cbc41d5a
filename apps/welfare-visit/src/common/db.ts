import { EntityManager } from 'typeorm';

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
