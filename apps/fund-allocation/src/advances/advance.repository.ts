import { RequestContext } from '@aidflow/platform';
import { updateReturning } from '@aidflow/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fen } from '../common/money';
import { ADVANCE_COLUMNS, AdvanceDraw, AdvanceHistoryEntry, AdvanceRow } from './dto/advance.view';

export interface TeamRow {
  id: string;
  name: string;
  org_code: string;
  site_ids: string[];
}

/** Advance states that still hold cash, or may: their outstanding counts as custody. */
export const OPEN_ADVANCE_STATUSES = ['requested', 'partially_approved', 'issued'] as const;

/** The SQL of advances: rows, custody sums, history and draws. */
@Injectable()
export class AdvanceRepository {
  async team(manager: EntityManager, id: string): Promise<TeamRow | undefined> {
    const [row] = await manager.query<TeamRow[]>(
      `SELECT id, name, org_code, site_ids FROM team_replica WHERE id = $1`,
      [id],
    );
    return row;
  }

  /**
   * What the team may still be advanced from the fund: approved, undelivered disbursements for
   * beneficiaries at its sites, less what its open advances already hold; and never more than the
   * fund's reserved money less every open advance on it (two teams serving one site cannot both
   * carry the same payment). `excluding` leaves one advance out (the one being approved).
   */
  async advanceable(
    manager: EntityManager,
    fundId: string,
    team: TeamRow,
    excluding: string | null = null,
  ): Promise<{
    atSitesFen: number;
    teamOpenFen: number;
    fundOpenFen: number;
    reservedFen: number;
  }> {
    const [row] = await manager.query<
      { at_sites: string; team_open: string; fund_open: string; reserved: string }[]
    >(
      `SELECT
         (SELECT coalesce(sum(d.amount_fen), 0) FROM disbursements d
            JOIN beneficiary_replica b ON b.id = d.beneficiary_id
           WHERE d.fund_id = $1 AND d.status = 'approved' AND b.site_id = ANY($3::uuid[]))::text AS at_sites,
         (SELECT coalesce(sum(outstanding_fen), 0) FROM advances
           WHERE fund_id = $1 AND team_id = $2 AND status = ANY($4::text[])
             AND id IS DISTINCT FROM $5::uuid)::text AS team_open,
         (SELECT coalesce(sum(outstanding_fen), 0) FROM advances
           WHERE fund_id = $1 AND status = ANY($4::text[]) AND id IS DISTINCT FROM $5::uuid)::text AS fund_open,
         (SELECT reserved_fen FROM funds WHERE id = $1)::text AS reserved`,
      [fundId, team.id, team.site_ids, [...OPEN_ADVANCE_STATUSES], excluding],
    );
    return {
      atSitesFen: fen(row?.at_sites ?? '0'),
      teamOpenFen: fen(row?.team_open ?? '0'),
      fundOpenFen: fen(row?.fund_open ?? '0'),
      reservedFen: fen(row?.reserved ?? '0'),
    };
  }

  /** Cash in teams' hands from issued advances on a fund (the reserved money that must stay reserved). */
  async custodyFen(manager: EntityManager, fundId: string): Promise<number> {
    const [row] = await manager.query<{ total: string }[]>(
      `SELECT coalesce(sum(outstanding_fen), 0)::text AS total FROM advances
        WHERE fund_id = $1 AND status = 'issued'`,
      [fundId],
    );
    return fen(row?.total ?? '0');
  }

  async insert(
    manager: EntityManager,
    a: {
      id: string;
      fundId: string;
      teamId: string;
      amountFen: string;
      orgCode: string;
      incidentId: string | null;
      note: string | null;
      requestedBy: string;
      requiredApprovals: number;
    },
  ): Promise<AdvanceRow> {
    const [row] = await manager.query<AdvanceRow[]>(
      `INSERT INTO advances (id, fund_id, team_id, amount_fen, outstanding_fen, status, org_code,
                             incident_id, note, requested_by, required_approvals)
       VALUES ($1, $2, $3, $4::bigint, $4::bigint, 'requested', $5, $6, $7, $8, $9)
       RETURNING ${ADVANCE_COLUMNS}`,
      [
        a.id,
        a.fundId,
        a.teamId,
        a.amountFen,
        a.orgCode,
        a.incidentId,
        a.note,
        a.requestedBy,
        a.requiredApprovals,
      ],
    );
    if (!row) throw new Error('advance insert returned no row');
    return row;
  }

  /** Unlocked; a write locks the advance with tx.lock('advance', …). */
  async find(manager: EntityManager, id: string): Promise<AdvanceRow | undefined> {
    const [row] = await manager.query<AdvanceRow[]>(
      `SELECT ${ADVANCE_COLUMNS} FROM advances WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Sets the given columns (raw SQL expressions with parameters from $2 on) and returns the row. */
  async update(
    manager: EntityManager,
    id: string,
    set: string,
    params: unknown[],
  ): Promise<AdvanceRow> {
    const [row] = await updateReturning<AdvanceRow>(
      manager,
      `UPDATE advances SET ${set}, updated_at = now() WHERE id = $1 RETURNING ${ADVANCE_COLUMNS}`,
      [id, ...params],
    );
    if (!row) throw new Error(`advance ${id} vanished under its lock`);
    return row;
  }

  async recordHistory(
    manager: EntityManager,
    advanceId: string,
    action: string,
    reason?: string,
  ): Promise<void> {
    const actor = RequestContext.current()?.actor;
    await manager.query(
      `INSERT INTO advance_events (advance_id, action, actor_sub, actor_name, reason)
       VALUES ($1, $2, $3, $4, $5)`,
      [advanceId, action, actor?.sub ?? null, actor?.name ?? null, reason ?? null],
    );
  }

  async history(manager: EntityManager, advanceId: string): Promise<AdvanceHistoryEntry[]> {
    const rows = await manager.query<
      {
        action: string;
        actor_sub: string | null;
        actor_name: string | null;
        reason: string | null;
        at: Date;
      }[]
    >(
      `SELECT action, actor_sub, actor_name, reason, at FROM advance_events
        WHERE advance_id = $1 ORDER BY seq`,
      [advanceId],
    );
    return rows.map((r) => ({
      action: r.action,
      ...(r.actor_sub !== null
        ? { actor: { sub: r.actor_sub, ...(r.actor_name !== null ? { name: r.actor_name } : {}) } }
        : {}),
      ...(r.reason !== null ? { reason: r.reason } : {}),
      at: r.at.toISOString(),
    }));
  }

  async draws(manager: EntityManager, advanceId: string): Promise<AdvanceDraw[]> {
    const rows = await manager.query<
      { disbursement_id: string; visit_id: string; amount_fen: string; at: Date }[]
    >(
      `SELECT disbursement_id, visit_id, amount_fen, at FROM advance_draws
        WHERE advance_id = $1 ORDER BY at, disbursement_id`,
      [advanceId],
    );
    return rows.map((r) => ({
      disbursementId: r.disbursement_id,
      visitId: r.visit_id,
      amountFen: fen(r.amount_fen),
      at: r.at.toISOString(),
    }));
  }
}
