import { AuditRowFields, leafHash } from '../seal/merkle';
import { JsonValue } from './redact';

/** Columns as selected by AUDIT_COLUMNS (seq and tx as text: bigints exceed JavaScript numbers). */
export interface AuditDbRow {
  seq: string;
  tx: string;
  at: Date;
  actor_sub: string | null;
  actor_name: string | null;
  actor_roles: string[];
  actor_org: string | null;
  action: string;
  target_type: string;
  target_id: string;
  target_org: string | null;
  summary: JsonValue;
  request_id: string | null;
}

// seq is cast to text under its own name: order by audit_log.seq, or the order becomes textual.
export const AUDIT_COLUMNS = `seq::text AS seq, tx::text AS tx, at, actor_sub, actor_name, actor_roles,
  actor_org, action, target_type, target_id, target_org, summary, request_id`;

/** One audit row as the API returns it. */
export interface AuditRecord {
  seq: string;
  at: string;
  actor: { sub: string; name?: string; roles: string[]; orgCode?: string } | null;
  action: string;
  targetType: string;
  targetId: string;
  /** The org the target belongs to (the entry's scope with the actor's org). */
  targetOrgCode?: string;
  summary: JsonValue;
  requestId: string | null;
  /** Leaf hash of the row (what its batch's Merkle root covers). */
  hash: string;
}

export function hashedFields(row: AuditDbRow): AuditRowFields {
  return {
    seq: row.seq,
    tx: row.tx,
    at: row.at.toISOString(),
    actorSub: row.actor_sub,
    actorName: row.actor_name,
    actorRoles: row.actor_roles,
    actorOrg: row.actor_org,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    targetOrg: row.target_org,
    summary: row.summary,
    requestId: row.request_id,
  };
}

export function toAuditRecord(row: AuditDbRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor:
      row.actor_sub === null
        ? null
        : {
            sub: row.actor_sub,
            ...(row.actor_name !== null ? { name: row.actor_name } : {}),
            roles: row.actor_roles,
            ...(row.actor_org !== null ? { orgCode: row.actor_org } : {}),
          },
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ...(row.target_org !== null ? { targetOrgCode: row.target_org } : {}),
    summary: row.summary,
    requestId: row.request_id,
    hash: leafHash(hashedFields(row)),
  };
}
