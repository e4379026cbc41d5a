import { Page, pageOf, RequestContext } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditHash, AuditRowFields } from './audit-chain';
import { AUDIT_COLUMNS, AuditDbRow, AuditRecord, toAuditRecord } from './audit-row';
import { redactSummary } from './redact';

export interface AuditEntry {
  /** What happened, e.g. `disbursement.approve`. */
  action: string;
  targetType: string;
  targetId: string;
  /** The org the target belongs to: with the actor's org, it decides who may read the entry. */
  orgCode?: string;
  /** The change; personal identifiers are masked or dropped before storing. */
  summary?: unknown;
}

export interface AuditQuery {
  targetId?: string;
  targetType?: string;
  limit: number;
  /** Return rows with a seq below this one (the previous page's nextCursor). */
  cursor?: string;
  /** Only rows whose actor or target org is one of these (the caller's subtree); all when absent. */
  orgCodes?: string[];
}

export type AuditPage = Page<AuditRecord>;

/** The per-schema lock every audit append takes; held until the transaction ends. */
const AUDIT_TRAIL_LOCK_SQL = `pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`;

/**
 * Takes the audit trail's lock now. A service whose writes are all audited can take it first in
 * every transaction, so all its writers acquire locks in one order (no deadlock cycles).
 */
export async function lockAuditTrail(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT ${AUDIT_TRAIL_LOCK_SQL}`);
}

/** Appends to this service's tamper-evident audit trail, inside the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records one write; the actor and request id come from the current RequestContext. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    if (!manager.queryRunner?.isTransactionActive) {
      // The lock below only holds inside a transaction; a bare manager gets one of its own.
      return manager.transaction((inner) => this.record(inner, entry));
    }
    const context = RequestContext.current();
    const actor = context?.actor;

    // Serialises audit appends per schema until commit, so no two transactions read the same last
    // hash and fork the chain. Keyed by schema because every service has its own audit_log.
    const [lock] = await manager.query<{ isolation: string }[]>(
      `SELECT ${AUDIT_TRAIL_LOCK_SQL}, current_setting('transaction_isolation') AS isolation`,
    );
    if (lock?.isolation !== 'read committed') {
      // A snapshot older than the lock would miss the previous holder's row and fork the chain.
      throw new Error(
        `audit records need a READ COMMITTED transaction (got ${lock?.isolation ?? 'none'})`,
      );
    }
    const [head] = await manager.query<{ prev_hash: string | null; seq: string }[]>(
      `SELECT (SELECT hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1) AS prev_hash,
              nextval(pg_get_serial_sequence('audit_log', 'seq'))::text AS seq`,
    );
    if (!head) throw new Error('could not allocate an audit sequence number');

    const fields: AuditRowFields = {
      seq: head.seq,
      at: new Date().toISOString(),
      actorSub: actor?.sub ?? null,
      actorName: actor?.name ?? null,
      actorRoles: actor?.roles ?? [],
      actorOrg: actor?.orgCode ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetOrg: entry.orgCode ?? null,
      summary: redactSummary(entry.summary),
      requestId: context?.requestId ?? null,
    };
    const hash = auditHash(head.prev_hash, fields);
    const rows = await manager.query<AuditDbRow[]>(
      `INSERT INTO audit_log (seq, at, actor_sub, actor_name, actor_roles, actor_org, action, target_type,
                              target_id, summary, request_id, prev_hash, hash, target_org)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)
       RETURNING ${AUDIT_COLUMNS}`,
      [
        fields.seq,
        fields.at,
        fields.actorSub,
        fields.actorName,
        fields.actorRoles,
        fields.actorOrg,
        fields.action,
        fields.targetType,
        fields.targetId,
        JSON.stringify(fields.summary),
        fields.requestId,
        head.prev_hash,
        hash,
        fields.targetOrg,
      ],
    );
    return toAuditRecord(rows[0]);
  }

  /** Newest first; page on with `cursor = nextCursor`. */
  async list(
    query: AuditQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AuditPage> {
    // The DTO validates over HTTP; programmatic callers get the same bounds.
    const limit = Math.min(Math.max(Math.trunc(Number(query.limit)) || 50, 1), 500);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.targetId !== undefined)
      conditions.push(`target_id = $${params.push(query.targetId)}`);
    if (query.targetType !== undefined)
      conditions.push(`target_type = $${params.push(query.targetType)}`);
    if (query.cursor !== undefined) conditions.push(`seq < $${params.push(query.cursor)}::bigint`);
    if (query.orgCodes !== undefined) {
      const codes = `$${params.push(query.orgCodes)}::text[]`;
      conditions.push(`(actor_org = ANY(${codes}) OR target_org = ANY(${codes}))`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await manager.query<AuditDbRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY audit_log.seq DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return pageOf(rows, limit, toAuditRecord, (row) => toAuditRecord(row).seq);
  }
}
