import { EntityManager } from 'typeorm';

/**
 * Takes the per-disbursement transaction locks, in one global order so two holders cannot deadlock.
 * They order a visit's cash check against the arrival of the disbursement's events. The same
 * locks as the 'disbursement' kind of VISITS_LOCK_ORDER (tx.lock), for the replica's consumers.
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
