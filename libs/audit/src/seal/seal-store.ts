import { releaseLease as giveUp, takeLease as take } from '@aidflow/database';
import { EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, AuditDbRow } from '../record/audit-row';

/** One row of audit_seal as selected by SEAL_COLUMNS. */
export interface SealRow {
  batch: string;
  size: number;
  tree_size: string;
  last_tx: string;
  last_seq: string;
  seqs: string[];
  leaves: string[];
  root: string;
  prev_head: string | null;
  head: string;
  key_id: string;
  signature: string;
  sealed_at: Date;
}

export const SEAL_COLUMNS = `batch::text AS batch, size, tree_size::text AS tree_size, last_tx::text AS last_tx,
  last_seq::text AS last_seq, seqs::text[] AS seqs, leaves, root, prev_head, head, key_id, signature, sealed_at`;

/** The sealer's row in job_leases, the lease table every scheduled job shares. */
export const SEALER_LEASE = 'audit.sealer';

/**
 * Takes or renews the sealer lease in the caller's transaction (the lease row stays locked until
 * the batch commits); undefined when another holder's lease is still valid.
 */
export async function takeLease(
  manager: EntityManager,
  holder: string,
  leaseMs: number,
): Promise<{ published_batch: string } | undefined> {
  if (!(await take(manager, SEALER_LEASE, holder, leaseMs))) return undefined;
  const [row] = await manager.query<{ published_batch: string }[]>(
    `SELECT published_batch::text AS published_batch FROM audit_sealer WHERE id = 1`,
  );
  return row;
}

export async function releaseLease(manager: EntityManager, holder: string): Promise<void> {
  await giveUp(manager, SEALER_LEASE, holder);
}

export async function lastSeal(manager: EntityManager): Promise<SealRow | undefined> {
  const [row] = await manager.query<SealRow[]>(
    `SELECT ${SEAL_COLUMNS} FROM audit_seal ORDER BY audit_seal.batch DESC LIMIT 1`,
  );
  return row;
}

/**
 * Committed rows after the cursor in commit order, only from transactions older than every one
 * still running (pg_snapshot_xmin): a row that can still commit never lands behind the cursor.
 */
export async function readyRows(
  manager: EntityManager,
  after: { tx: string; seq: string },
  limit: number,
): Promise<AuditDbRow[]> {
  return manager.query<AuditDbRow[]>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log
      WHERE (tx, seq) > ($1::xid8, $2::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY audit_log.tx, audit_log.seq LIMIT $3`,
    [after.tx, after.seq, limit],
  );
}

export async function insertSeal(
  manager: EntityManager,
  seal: Omit<SealRow, 'sealed_at'> & { sealed_at: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO audit_seal (batch, size, tree_size, last_tx, last_seq, seqs, leaves, root, prev_head, head,
                             key_id, signature, sealed_at)
     VALUES ($1, $2, $3, $4::xid8, $5, $6::bigint[], $7::text[], $8, $9, $10, $11, $12, $13)`,
    [
      seal.batch,
      seal.size,
      seal.tree_size,
      seal.last_tx,
      seal.last_seq,
      seal.seqs,
      seal.leaves,
      seal.root,
      seal.prev_head,
      seal.head,
      seal.key_id,
      seal.signature,
      seal.sealed_at,
    ],
  );
}

export async function sealsAfter(
  manager: EntityManager,
  batch: string,
  limit: number,
): Promise<SealRow[]> {
  return manager.query<SealRow[]>(
    `SELECT ${SEAL_COLUMNS} FROM audit_seal WHERE batch > $1::bigint ORDER BY audit_seal.batch LIMIT $2`,
    [batch, limit],
  );
}

export async function markPublished(
  manager: EntityManager,
  holder: string,
  batch: string,
): Promise<void> {
  await manager.query(
    `UPDATE audit_sealer SET published_batch = greatest(published_batch, $2::bigint)
      WHERE id = 1 AND EXISTS (SELECT 1 FROM job_leases WHERE name = $3 AND holder = $1)`,
    [holder, batch, SEALER_LEASE],
  );
}
