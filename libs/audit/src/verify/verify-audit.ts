import { KeyObject } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, AuditDbRow, hashedFields } from '../record/audit-row';
import { headHash, headSignatureValid, HeadStatement } from '../seal/head';
import { leafHash, merkleRoot } from '../seal/merkle';
import { keyIdOf, rawPublicKey } from '../seal/seal-key';
import { SEAL_COLUMNS, SealRow } from '../seal/seal-store';

/** A head kept outside the database (from aidflow.audit.v1 or a note someone made). */
export interface KnownHead {
  batch: number;
  head: string;
}

export interface AuditProblem {
  batch?: string;
  seq?: string;
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows covered by intact seals. */
  rows: number;
  batches: number;
  /** Committed rows after the last seal (not yet sealed: not yet protected). */
  pending: number;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  /** The sealer's public key; signatures are checked against it, never against the database. */
  publicKey: KeyObject;
  knownHeads?: readonly KnownHead[];
}

const PAGE = 100;
type Source = DataSource | EntityManager;

/**
 * Checks every seal (contiguous batches, head chain, signature, Merkle root) and every row against
 * its seal: an edited, deleted, moved or reordered row, a row slipped in behind the seals, or a
 * seal removed from the middle is reported. A removed tail (rows and seals) shows only against
 * heads kept outside the database: pass them as knownHeads.
 */
export async function verifyAudit(
  source: Source,
  options: VerifyOptions,
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  // The log's name (its schema) is part of every signed statement: a seal cannot be moved between logs.
  const [{ log }] = await source.query<{ log: string }[]>(`SELECT current_schema() AS log`);
  const keyId = keyIdOf(rawPublicKey(options.publicKey));
  const heads = new Map<string, string>();
  let previous: SealRow | undefined;
  let rows = 0;
  let batches = 0;
  for (;;) {
    const seals = await source.query<SealRow[]>(
      `SELECT ${SEAL_COLUMNS} FROM audit_seal WHERE batch > $1::bigint ORDER BY audit_seal.batch LIMIT $2`,
      [previous?.batch ?? '0', PAGE],
    );
    for (const seal of seals) {
      const sealProblems = checkSeal(log, seal, previous, options.publicKey, keyId);
      const rowProblems = await checkRows(source, seal, previous);
      problems.push(...sealProblems, ...rowProblems);
      if (sealProblems.length === 0 && rowProblems.length === 0) rows += seal.size;
      heads.set(seal.batch, seal.head);
      batches += 1;
      previous = seal;
    }
    if (seals.length < PAGE) break;
  }
  const [after] = await source.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM audit_log WHERE (tx, seq) > ($1::xid8, $2::bigint)`,
    [previous?.last_tx ?? '0', previous?.last_seq ?? '0'],
  );
  for (const known of options.knownHeads ?? []) {
    const stored = heads.get(String(known.batch));
    if (stored === undefined) {
      problems.push({
        batch: String(known.batch),
        reason: `batch ${known.batch} was published but is not in the database (the tail was truncated)`,
      });
    } else if (stored !== known.head) {
      problems.push({
        batch: String(known.batch),
        reason: `batch ${known.batch} differs from its published head (history was rewritten)`,
      });
    }
  }
  return { ok: problems.length === 0, rows, batches, pending: after?.n ?? 0, problems };
}

function checkSeal(
  log: string,
  seal: SealRow,
  previous: SealRow | undefined,
  publicKey: KeyObject,
  keyId: string,
): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const batch = seal.batch;
  const expected = String(Number(previous?.batch ?? 0) + 1);
  if (batch !== expected) {
    problems.push({
      batch,
      reason: `batches ${expected}…${Number(batch) - 1} are missing (seals removed)`,
    });
  }
  if (seal.prev_head !== (previous?.head ?? null)) {
    problems.push({
      batch,
      reason: 'prev_head does not match the previous batch (the head chain is broken)',
    });
  }
  const statement: HeadStatement = {
    log,
    batch: Number(seal.batch),
    size: seal.size,
    treeSize: Number(seal.tree_size),
    lastTx: seal.last_tx,
    lastSeq: seal.last_seq,
    root: seal.root,
    prevHead: seal.prev_head,
    sealedAt: seal.sealed_at.toISOString(),
  };
  if (headHash(statement) !== seal.head) {
    problems.push({
      batch,
      reason: "head does not match the seal's contents (the seal was edited)",
    });
  }
  if (seal.key_id !== keyId || !headSignatureValid(statement, seal.signature, publicKey)) {
    problems.push({
      batch,
      reason: "signature does not verify with the sealer's public key (a forged or edited seal)",
    });
  }
  if (seal.seqs.length !== seal.size || seal.leaves.length !== seal.size) {
    problems.push({ batch, reason: 'the seal lists a different number of rows than it signed' });
  } else if (merkleRoot(seal.leaves) !== seal.root) {
    problems.push({
      batch,
      reason: "the seal's leaves do not make its signed root (the seal was edited)",
    });
  }
  const treeSize = Number(previous?.tree_size ?? 0) + seal.size;
  if (Number(seal.tree_size) !== treeSize) {
    problems.push({ batch, reason: `tree size ${seal.tree_size} should be ${treeSize}` });
  }
  return problems;
}

async function checkRows(
  source: Source,
  seal: SealRow,
  previous: SealRow | undefined,
): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  const batch = seal.batch;
  const rows = await source.query<AuditDbRow[]>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq = ANY($1::bigint[])`,
    [seal.seqs],
  );
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  const position = new Map(seal.leaves.map((leaf, i) => [leaf, i]));
  seal.seqs.forEach((seq, i) => {
    const row = bySeq.get(seq);
    if (!row) {
      problems.push({ batch, seq, reason: `row ${seq} was deleted` });
      return;
    }
    const leaf = leafHash(hashedFields(row));
    if (leaf === seal.leaves[i]) return;
    const at = position.get(leaf);
    problems.push({
      batch,
      seq,
      reason:
        at !== undefined
          ? `row ${seq} was reordered (sealed at position ${at + 1}, now at ${i + 1})`
          : `row ${seq} was edited or moved (its contents no longer hash to the sealed leaf)`,
    });
  });
  const slipped = await source.query<{ seq: string }[]>(
    `SELECT seq::text AS seq FROM audit_log
      WHERE (tx, seq) > ($1::xid8, $2::bigint) AND (tx, seq) <= ($3::xid8, $4::bigint)
        AND NOT (seq = ANY($5::bigint[]))
      ORDER BY audit_log.seq`,
    [previous?.last_tx ?? '0', previous?.last_seq ?? '0', seal.last_tx, seal.last_seq, seal.seqs],
  );
  for (const { seq } of slipped) {
    problems.push({
      batch,
      seq,
      reason: `row ${seq} sits inside batch ${batch} but was not sealed (inserted afterwards)`,
    });
  }
  return problems;
}
