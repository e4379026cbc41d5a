import { AuthUser, ScopeService } from '@aidflow/auth';
import { fenFromPg } from '@aidflow/database';
import { badRequest, notFound } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import {
  DISBURSEMENT_STATUS_SQL,
  DISBURSEMENT_STATUSES,
  DisbursementStatus,
} from '../projections/disbursement-steps';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import {
  ConsolidatedFigures,
  FundFigures,
  IncidentListItem,
  IncidentSummary,
  SiteVisits,
  SourcePurposeFigures,
} from './summary.types';

interface IncidentRow {
  incident_id: string;
  title: string;
  kind: string;
  status: string;
  response_level: string;
  lead_org_code: string;
  occurred_at: Date;
  reported_at: Date;
}

interface FundRow {
  fund_id: string;
  code: string | null;
  name: string | null;
  source: string | null;
  purpose: string | null;
  owner_org_code: string | null;
  parent_fund_id: string | null;
  amount_fen: string;
  allocated_down_fen: string;
  reserved_fen: string;
  delivered_fen: string;
}

interface Flows {
  amount: bigint;
  allocatedDown: bigint;
  reserved: bigint;
  delivered: bigint;
  available: bigint;
}

const WAITING: DisbursementStatus[] = ['requested', 'partially_approved'];

/** Reads the projections into one incident's operational picture. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly alerts: AlertsService,
  ) {}

  /** Incidents led by an org within the caller's subtree, newest first. */
  async listIncidents(
    user: AuthUser,
    query: ListIncidentsQuery,
  ): Promise<{ items: IncidentListItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    const conditions = [`lead_org_code = ANY($1::text[])`];
    if (query.cursor) {
      const [reportedAt, id] = decodeCursor(query.cursor);
      conditions.push(
        `(reported_at, incident_id) < ($${params.push(reportedAt)}::timestamptz, $${params.push(id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<IncidentRow[]>(
      `SELECT * FROM incident_view WHERE ${conditions.join(' AND ')}
       ORDER BY reported_at DESC, incident_id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.incident_id,
        title: r.title,
        status: r.status,
        leadOrgCode: r.lead_org_code,
        occurredAt: r.occurred_at.toISOString(),
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(last.reported_at.toISOString(), last.incident_id)
          : null,
    };
  }

  async summary(
    user: AuthUser,
    incidentId: string,
    now: Date = new Date(),
  ): Promise<IncidentSummary> {
    // One snapshot: every section is read as of the same moment.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [incident] = await manager.query<IncidentRow[]>(
        `SELECT * FROM incident_view WHERE incident_id = $1`,
        [incidentId],
      );
      if (!incident) throw notFound('incident');
      await this.scope.assertCanRead(user, incident.lead_org_code, manager, 'incident not found');

      const funds = await this.funds(manager, incidentId);
      const fundIds = funds.items.map((f) => f.fundId);
      return {
        incident: {
          id: incident.incident_id,
          title: incident.title,
          kind: incident.kind,
          status: incident.status,
          responseLevel: incident.response_level,
          leadOrgCode: incident.lead_org_code,
          occurredAt: incident.occurred_at.toISOString(),
        },
        asOf: now.toISOString(),
        funds,
        disbursements: await this.disbursements(manager, incidentId, fundIds, now),
        visits: await this.visits(manager, incidentId),
        goods: await this.goods(manager, incidentId),
        followUps: await this.followUps(manager, incidentId, now),
        alerts: await this.alerts.activeForIncident(incidentId, manager),
      };
    });
  }

  /** The incident's funds and every fund allocated from them, at any depth. */
  private async funds(
    manager: EntityManager,
    incidentId: string,
  ): Promise<IncidentSummary['funds']> {
    const rows = await manager.query<FundRow[]>(
      `WITH RECURSIVE tree AS (
         SELECT f.* FROM fund_view f WHERE f.incident_id = $1
         UNION
         SELECT c.* FROM fund_view c JOIN tree p ON c.parent_fund_id = p.fund_id
       )
       SELECT fund_id, code, name, source, purpose, owner_org_code, parent_fund_id,
              amount_fen, allocated_down_fen, reserved_fen, delivered_fen
         FROM tree ORDER BY created_at NULLS LAST, code, fund_id`,
      [incidentId],
    );
    const byId = new Map(rows.map((r) => [r.fund_id, r]));
    const rootOf = (row: FundRow): string => {
      let current = row;
      for (
        let depth = 0;
        depth < 50 && current.parent_fund_id && byId.has(current.parent_fund_id);
        depth++
      ) {
        current = byId.get(current.parent_fund_id) as FundRow;
      }
      return current.fund_id;
    };
    const flowsOf = (r: FundRow): Flows => {
      const amount = BigInt(r.amount_fen);
      const allocatedDown = BigInt(r.allocated_down_fen);
      const reserved = BigInt(r.reserved_fen);
      const delivered = BigInt(r.delivered_fen);
      return {
        amount,
        allocatedDown,
        reserved,
        delivered,
        available: amount - allocatedDown - reserved - delivered,
      };
    };

    const items: FundFigures[] = [];
    const totals = zeroFlows();
    const groups = new Map<
      string,
      { source: string | null; purpose: string | null; flows: Flows }
    >();
    for (const row of rows) {
      const flows = flowsOf(row);
      const rootId = rootOf(row);
      const root = byId.get(rootId) as FundRow;
      const isRoot = rootId === row.fund_id;
      items.push({
        fundId: row.fund_id,
        code: row.code,
        name: row.name,
        source: row.source,
        purpose: row.purpose,
        ownerOrgCode: row.owner_org_code,
        parentFundId: row.parent_fund_id,
        rootFundId: rootId,
        ...toFen(flows),
      });
      const key = `${root.source ?? ''}/${root.purpose ?? ''}`;
      const group = groups.get(key) ?? {
        source: root.source,
        purpose: root.purpose,
        flows: zeroFlows(),
      };
      groups.set(key, group);
      for (const target of [totals, group.flows]) {
        // Money enters the incident once, at its top-level funds; below that it only moves.
        if (isRoot) target.amount += flows.amount;
        target.allocatedDown += flows.allocatedDown;
        target.reserved += flows.reserved;
        target.delivered += flows.delivered;
        target.available += flows.available;
      }
    }
    const bySourcePurpose: SourcePurposeFigures[] = [...groups.values()]
      .map((g) => ({ source: g.source, purpose: g.purpose, ...toFen(g.flows) }))
      .sort((a, b) => `${a.source}/${a.purpose}`.localeCompare(`${b.source}/${b.purpose}`));
    return { items, totals: toFen(totals), bySourcePurpose };
  }

  private async disbursements(
    manager: EntityManager,
    incidentId: string,
    fundIds: string[],
    now: Date,
  ): Promise<IncidentSummary['disbursements']> {
    const rows = await manager.query<
      { status: DisbursementStatus; n: number; amount: string | null; oldest: Date | null }[]
    >(
      `SELECT ${DISBURSEMENT_STATUS_SQL} AS status, count(*)::int AS n,
              sum(d.amount_fen)::text AS amount, min(d.requested_at) AS oldest
         FROM disbursement_view d
        WHERE d.incident_id = $1 OR d.fund_id = ANY($2::uuid[])
        GROUP BY 1`,
      [incidentId, fundIds],
    );
    const byStatus = DISBURSEMENT_STATUSES.map((status) => {
      const row = rows.find((r) => r.status === status);
      return { status, count: row?.n ?? 0, amountFen: fenFromPg(row?.amount ?? 0) };
    });
    const waitingRows = rows.filter((r) => WAITING.includes(r.status));
    const oldest = waitingRows
      .map((r) => r.oldest)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    return {
      byStatus,
      waiting: waitingRows.reduce((n, r) => n + r.n, 0),
      oldestWaitingSince: oldest ? oldest.toISOString() : null,
      oldestWaitingHours: oldest
        ? Math.floor((now.getTime() - oldest.getTime()) / 3_600_000)
        : null,
    };
  }

  private async visits(
    manager: EntityManager,
    incidentId: string,
  ): Promise<IncidentSummary['visits']> {
    const sites = await manager.query<
      {
        site_id: string;
        name: string | null;
        kind: string | null;
        org_code: string | null;
        registered_at: Date | null;
        visits: number;
        reached: number;
        registered: number;
        last_visited_at: Date | null;
      }[]
    >(
      `WITH v AS (SELECT site_id, count(*)::int AS visits, max(visited_at) AS last_visited_at
                    FROM visit_view WHERE incident_id = $1 GROUP BY site_id),
            b AS (SELECT site_id, count(DISTINCT beneficiary_id)::int AS reached
                    FROM visit_beneficiary WHERE incident_id = $1 GROUP BY site_id),
            r AS (SELECT site_id, count(*)::int AS registered
                    FROM beneficiary_view WHERE incident_id = $1 AND site_id IS NOT NULL GROUP BY site_id),
            ids AS (SELECT site_id FROM site_view WHERE incident_id = $1 UNION SELECT site_id FROM v)
       SELECT ids.site_id, s.name, s.kind, s.org_code, s.registered_at,
              COALESCE(v.visits, 0) AS visits, COALESCE(b.reached, 0) AS reached,
              COALESCE(r.registered, 0) AS registered, v.last_visited_at
         FROM ids
         LEFT JOIN site_view s ON s.site_id = ids.site_id
         LEFT JOIN v ON v.site_id = ids.site_id
         LEFT JOIN b ON b.site_id = ids.site_id
         LEFT JOIN r ON r.site_id = ids.site_id
        ORDER BY s.registered_at NULLS LAST, s.name, ids.site_id`,
      [incidentId],
    );
    const [totals] = await manager.query<{ visits: number; reached: number }[]>(
      `SELECT (SELECT count(*)::int FROM visit_view WHERE incident_id = $1) AS visits,
              (SELECT count(DISTINCT beneficiary_id)::int FROM visit_beneficiary WHERE incident_id = $1) AS reached`,
      [incidentId],
    );
    return {
      total: totals?.visits ?? 0,
      beneficiariesReached: totals?.reached ?? 0,
      sites: sites.map((s): SiteVisits => ({
        siteId: s.site_id,
        name: s.name,
        kind: s.kind,
        orgCode: s.org_code,
        registeredAt: s.registered_at ? s.registered_at.toISOString() : null,
        visits: s.visits,
        beneficiariesReached: s.reached,
        beneficiariesRegistered: s.registered,
        lastVisitedAt: s.last_visited_at ? s.last_visited_at.toISOString() : null,
      })),
    };
  }

  private async goods(
    manager: EntityManager,
    incidentId: string,
  ): Promise<IncidentSummary['goods']> {
    const rows = await manager.query<
      { item_code: string; name: string | null; quantity: string }[]
    >(
      `SELECT g.item_code, (SELECT max(name) FROM stock_item s WHERE s.item_code = g.item_code) AS name,
              sum(g.quantity)::text AS quantity
         FROM goods_delivery g LEFT JOIN visit_view v ON v.visit_id = g.visit_id
        WHERE COALESCE(g.incident_id, v.incident_id) = $1
        GROUP BY g.item_code ORDER BY g.item_code`,
      [incidentId],
    );
    return rows.map((r) => ({
      itemCode: r.item_code,
      name: r.name,
      quantity: fenFromPg(r.quantity),
    }));
  }

  private async followUps(
    manager: EntityManager,
    incidentId: string,
    now: Date,
  ): Promise<IncidentSummary['followUps']> {
    const rows = await manager.query<{ kind: string; open: number; overdue: number }[]>(
      `SELECT COALESCE(kind, 'other') AS kind,
              count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
              count(*) FILTER (WHERE closed_at IS NULL AND due_at < $2)::int AS overdue
         FROM followup_view WHERE incident_id = $1 GROUP BY 1 ORDER BY 1`,
      [incidentId, now],
    );
    return {
      open: rows.reduce((n, r) => n + r.open, 0),
      overdue: rows.reduce((n, r) => n + r.overdue, 0),
      byKind: rows,
    };
  }
}

function zeroFlows(): Flows {
  return { amount: 0n, allocatedDown: 0n, reserved: 0n, delivered: 0n, available: 0n };
}

function toFen(f: Flows): ConsolidatedFigures {
  return {
    amountFen: fenFromPg(f.amount),
    allocatedDownFen: fenFromPg(f.allocatedDown),
    reservedFen: fenFromPg(f.reserved),
    deliveredFen: fenFromPg(f.delivered),
    availableFen: fenFromPg(f.available),
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return [at, id];
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'cursor', problem: 'cursor is not one this endpoint issued' }]);
}
