import { createHash } from 'node:crypto';
import { JsonValue } from '../record/redact';

/** The fields of one audit row that its leaf hash covers. */
export interface AuditRowFields {
  seq: string;
  /** The writer's transaction id (xid8, decimal): with seq, the row's place in commit order. */
  tx: string;
  /** ISO-8601, millisecond precision (what timestamptz gives back to JavaScript unchanged). */
  at: string;
  actorSub: string | null;
  actorName: string | null;
  actorRoles: string[];
  actorOrg: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** Null on rows written before targets had an org (their hash does not cover it). */
  targetOrg: string | null;
  summary: JsonValue;
  requestId: string | null;
}

/** JSON with object keys sorted at every depth, so the same row always hashes the same. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// RFC 6962 domain separation: a leaf can never be passed off as an inner node or the reverse.
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** sha256(0x00 ‖ canonical JSON of the row's fields), hex. */
export function leafHash(fields: AuditRowFields): string {
  const canonical = canonicalJson({
    seq: fields.seq,
    tx: fields.tx,
    at: fields.at,
    actorSub: fields.actorSub,
    actorName: fields.actorName,
    actorRoles: fields.actorRoles,
    actorOrg: fields.actorOrg,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    // Only when set, so rows from before the column existed keep verifying.
    ...(fields.targetOrg !== null ? { targetOrg: fields.targetOrg } : {}),
    summary: fields.summary,
    requestId: fields.requestId,
  });
  return createHash('sha256').update(LEAF).update(canonical).digest('hex');
}

/** Merkle tree hash of RFC 6962 §2.1 over hex leaf hashes, hex. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  return subtree(leaves.map((leaf) => Buffer.from(leaf, 'hex'))).toString('hex');
}

function subtree(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0];
  // The left subtree holds the largest power of two strictly below n.
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return createHash('sha256')
    .update(NODE)
    .update(subtree(leaves.slice(0, split)))
    .update(subtree(leaves.slice(split)))
    .digest();
}
