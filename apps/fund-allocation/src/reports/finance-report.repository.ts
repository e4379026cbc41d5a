import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fen } from '../common/money';
import {
  AdvanceLine,
  AllocationLine,
  DisbursementStatusLine,
  FinanceReportData,
  FundLine,
  inTreeOrder,
  VerificationLine,
} from './finance-report.data';

type Row = Record<string, string | number | Date | null>;

/** Reads the finance report of one incident, as the given subtree sees it, in one snapshot. */
@Injectable()
export class FinanceReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when the subtree holds no fund of the incident (unknown and out of scope look alike). */
  async read(
    incidentId: string,
    subtree: string[],
    callerOrgCode: string,
  ): Promise<FinanceReportData | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const funds = await this.funds(m, incidentId, subtree);
      if (funds.length === 0) return null;
      const [now] = await m.query<{ now: Date }[]>(`SELECT now()`);
      const [org] = await m.query<{ name: string }[]>(
        `SELECT name FROM org_replica WHERE code = $1`,
        [callerOrgCode],
      );
      return {
        incidentId,
        asOf: now?.now ?? new Date(),
        scopeOrgName: org?.name ?? callerOrgCode,
        funds,
        allocations: await this.allocations(m, incidentId, subtree),
        disbursements: await this.disbursements(m, incidentId, subtree),
        advances: await this.advances(m, incidentId, subtree),
        verifications: await this.verifications(m, incidentId, subtree),
      };
    });
  }

  private async funds(
    m: EntityManager,
    incidentId: string,
    subtree: string[],
  ): Promise<FundLine[]> {
    const rows = await m.query<Row[]>(
      `SELECT f.id, f.code, f.name, f.owner_org_code, coalesce(o.name, f.owner_org_code) AS org_name,
              f.parent_fund_id, f.amount_fen::text, f.allocated_down_fen::text, f.reserved_fen::text,
              f.delivered_fen::text, f.available_fen::text
         FROM funds f LEFT JOIN org_replica o ON o.code = f.owner_org_code
        WHERE f.incident_id = $1 AND f.owner_org_code = ANY($2::text[])
        ORDER BY f.created_at, f.id`,
      [incidentId, subtree],
    );
    return inTreeOrder(
      rows.map((r) => ({
        id: String(r.id),
        code: String(r.code),
        name: String(r.name),
        ownerOrgCode: String(r.owner_org_code),
        ownerOrgName: String(r.org_name),
        parentFundId: r.parent_fund_id === null ? null : String(r.parent_fund_id),
        amountFen: fen(r.amount_fen as string),
        allocatedDownFen: fen(r.allocated_down_fen as string),
        reservedFen: fen(r.reserved_fen as string),
        deliveredFen: fen(r.delivered_fen as string),
        availableFen: fen(r.available_fen as string),
      })),
    );
  }

  /** Allocations out of, or into, a fund the subtree holds (a county sees where its money came from). */
  private async allocations(
    m: EntityManager,
    incidentId: string,
    subtree: string[],
  ): Promise<AllocationLine[]> {
    const rows = await m.query<Row[]>(
      `SELECT ff.code AS from_code, coalesce(fo.name, a.from_org_code) AS from_org,
              tf.code AS to_code, coalesce(t_o.name, a.to_org_code) AS to_org,
              a.amount_fen::text, a.created_at
         FROM allocations a
         JOIN funds ff ON ff.id = a.from_fund_id
         JOIN funds tf ON tf.id = a.to_fund_id
         LEFT JOIN org_replica fo ON fo.code = a.from_org_code
         LEFT JOIN org_replica t_o ON t_o.code = a.to_org_code
        WHERE ff.incident_id = $1
          AND (a.from_org_code = ANY($2::text[]) OR a.to_org_code = ANY($2::text[]))
        ORDER BY a.created_at, a.id`,
      [incidentId, subtree],
    );
    return rows.map((r) => ({
      fromFundCode: String(r.from_code),
      fromOrgName: String(r.from_org),
      toFundCode: String(r.to_code),
      toOrgName: String(r.to_org),
      amountFen: fen(r.amount_fen as string),
      at: r.created_at as Date,
    }));
  }

  private async disbursements(
    m: EntityManager,
    incidentId: string,
    subtree: string[],
  ): Promise<DisbursementStatusLine[]> {
    const rows = await m.query<Row[]>(
      `SELECT d.status, count(*)::int AS n, sum(d.amount_fen)::text AS amount
         FROM disbursements d JOIN funds f ON f.id = d.fund_id
        WHERE f.incident_id = $1 AND d.org_code = ANY($2::text[])
        GROUP BY d.status`,
      [incidentId, subtree],
    );
    return rows.map((r) => ({
      status: r.status as DisbursementStatusLine['status'],
      count: Number(r.n),
      amountFen: fen(r.amount as string),
    }));
  }

  private async advances(
    m: EntityManager,
    incidentId: string,
    subtree: string[],
  ): Promise<AdvanceLine[]> {
    const rows = await m.query<Row[]>(
      `SELECT f.code AS fund_code, t.name AS team_name, a.amount_fen::text, a.handed_over_fen::text,
              a.returned_fen::text, a.outstanding_fen::text, a.status, a.settled_at
         FROM advances a JOIN funds f ON f.id = a.fund_id JOIN team_replica t ON t.id = a.team_id
        WHERE f.incident_id = $1 AND a.org_code = ANY($2::text[])
        ORDER BY a.created_at, a.id`,
      [incidentId, subtree],
    );
    return rows.map((r) => ({
      fundCode: String(r.fund_code),
      teamName: String(r.team_name),
      amountFen: fen(r.amount_fen as string),
      handedOverFen: fen(r.handed_over_fen as string),
      returnedFen: fen(r.returned_fen as string),
      outstandingFen: fen(r.outstanding_fen as string),
      status: r.status as AdvanceLine['status'],
      settledAt: (r.settled_at as Date | null) ?? null,
    }));
  }

  private async verifications(
    m: EntityManager,
    incidentId: string,
    subtree: string[],
  ): Promise<VerificationLine[]> {
    const rows = await m.query<Row[]>(
      `SELECT f.code AS fund_code, v.confidence::text, v.margin_of_error::text, v.population_size,
              v.sample_size, v.created_at,
              count(*) FILTER (WHERE i.outcome = 'received')::int AS received,
              count(*) FILTER (WHERE i.outcome = 'not_received')::int AS not_received,
              count(*) FILTER (WHERE i.outcome = 'received_with_issues')::int AS with_issues,
              count(*) FILTER (WHERE i.outcome IS NULL)::int AS pending
         FROM verifications v JOIN funds f ON f.id = v.fund_id
         JOIN verification_items i ON i.verification_id = v.id
        WHERE f.incident_id = $1 AND v.org_code = ANY($2::text[])
        GROUP BY v.id, f.code
        ORDER BY v.created_at, v.id`,
      [incidentId, subtree],
    );
    return rows.map((r) => ({
      fundCode: String(r.fund_code),
      confidence: Number(r.confidence),
      marginOfError: Number(r.margin_of_error),
      populationSize: Number(r.population_size),
      sampleSize: Number(r.sample_size),
      received: Number(r.received),
      notReceived: Number(r.not_received),
      withIssues: Number(r.with_issues),
      pending: Number(r.pending),
      createdAt: r.created_at as Date,
    }));
  }
}
