import { createHash } from 'node:crypto';
import { JsonValue } from './redact';

/** The fields of one audit row that its hash covers (prev_hash is chained in front). */
export interface AuditRowFields {
  seq: string;
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

/** sha256(prev_hash + canonical JSON of the row's fields), hex. The first row has no prev_hash. */
export function auditHash(prevHash: string | null, fields: AuditRowFields): string {
  const canonical = canonicalJson({
    seq: fields.seq,
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
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonical)
    .digest('hex');
}
