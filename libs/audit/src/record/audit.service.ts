import { Page, pageOf, RequestContext } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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

/**
 * Appends to this service's audit log inside the caller's transaction. No lock and no hash here:
 * the row commits (or not) with the write it describes, and the sealer chains it afterwards.
 */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records one write; the actor and request id come from the current RequestContext. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /** Records several writes with one statement (a batch's items). */
  async recordMany(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      // An audit row outside the write's transaction could survive a rolled-back write.
      throw new Error("audit records need the caller's transaction");
    }
    const context = RequestContext.current();
    const actor = context?.actor;
    const at = new Date().toISOString();
    const params: unknown[] = [];
    const rows = entries.map((entry) => {
      const p = params.length;
      params.push(
        at,
        actor?.sub ?? null,
        actor?.name ?? null,
        actor?.roles ?? [],
        actor?.orgCode ?? null,
        entry.action,
        entry.targetType,
        entry.targetId,
        JSON.stringify(redactSummary(entry.summary)),
        context?.requestId ?? null,
        entry.orgCode ?? null,
      );
      return `($${p + 1}::timestamptz, $${p + 2}, $${p + 3}, $${p + 4}::text[], $${p + 5}, $${p + 6}, $${p + 7},
               $${p + 8}, $${p + 9}::jsonb, $${p + 10}, $${p + 11})`;
    });
    await manager.query(
      `INSERT INTO audit_log (at, actor_sub, actor_name, actor_roles, actor_org, action, target_type,
                              target_id, summary, request_id, target_org)
       VALUES ${rows.join(', ')}`,
      params,
    );
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
