import { DataSource, EntityManager } from 'typeorm';
import { auditHash } from './audit-chain';
import { AUDIT_COLUMNS, AuditDbRow, hashedFields } from './audit-row';

export type AuditChainResult =
  { ok: true; rows: number } | { ok: false; brokenAtSeq: string; reason: string };

const BATCH = 1000;

/**
 * Walks audit_log in seq order and recomputes every hash. Detects edited, removed, inserted or
 * reordered rows; removing the newest rows leaves a valid shorter chain (anchor the head
 * elsewhere to catch that).
 */
export async function verifyAuditChain(
  source: DataSource | EntityManager,
): Promise<AuditChainResult> {
  let previousHash: string | null = null;
  let afterSeq = '0';
  let count = 0;
  for (;;) {
    const rows: AuditDbRow[] = await source.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1::bigint ORDER BY audit_log.seq LIMIT $2`,
      [afterSeq, BATCH],
    );
    for (const row of rows) {
      if (row.prev_hash !== previousHash) {
        return {
          ok: false,
          brokenAtSeq: row.seq,
          reason:
            previousHash === null
              ? 'the first row links to a predecessor that is missing (earlier rows were removed)'
              : 'prev_hash does not match the previous row (a row was removed, inserted or reordered)',
        };
      }
      if (auditHash(row.prev_hash, hashedFields(row)) !== row.hash) {
        return {
          ok: false,
          brokenAtSeq: row.seq,
          reason: "hash does not match the row's contents (the row was edited)",
        };
      }
      previousHash = row.hash;
      count++;
    }
    if (rows.length < BATCH) return { ok: true, rows: count };
    afterSeq = rows[rows.length - 1].seq;
  }
}
