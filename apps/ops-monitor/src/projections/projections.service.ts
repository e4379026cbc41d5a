import { AnyTypedEvent, INCIDENT_STATUSES } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { projectAdvance } from '../advances/advance-projection';
import { AlertsService } from '../alerts/alerts.service';
import { applyStep, DisbursementSteps } from './disbursement-steps';
import { eventScope, fundOf } from './event-scope';

type DisbursementEvent = Extract<AnyTypedEvent, { type: `disbursement.${string}` }>;

interface DisbursementRow {
  fund_id: string;
  amount_fen: string | null;
  approved_at: Date | null;
  rejected_at: Date | null;
  cancelled_at: Date | null;
  delivered_at: Date | null;
}

const STEP_COLUMN: Record<DisbursementEvent['type'], string> = {
  'disbursement.requested': 'requested_at',
  'disbursement.partially_approved': 'partially_approved_at',
  'disbursement.approved': 'approved_at',
  'disbursement.rejected': 'rejected_at',
  'disbursement.cancelled': 'cancelled_at',
  'disbursement.delivered': 'delivered_at',
};

/**
 * Applies every consumed event to the event log and the projections, inside the inbox's
 * transaction. Events of different aggregates may arrive in any order (they sit on different
 * partitions and topics), so every projection is built from commutative upserts.
 */
@Injectable()
export class ProjectionsService {
  constructor(private readonly alerts: AlertsService) {}

  async apply(manager: EntityManager, event: AnyTypedEvent): Promise<void> {
    if (!(await this.log(manager, event))) return;
    switch (event.type) {
      case 'incident.reported':
        return this.onIncidentReported(manager, event);
      case 'incident.status_changed':
        await manager.query(
          `UPDATE incident_view SET status = $2
            WHERE incident_id = $1 AND array_position($3::text[], status) < array_position($3::text[], $2)`,
          [event.data.incidentId, event.data.to, INCIDENT_STATUSES],
        );
        return;
      case 'site.registered': {
        const d = event.data;
        await manager.query(
          `INSERT INTO site_view (site_id, incident_id, name, kind, area_code, org_code, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (site_id) DO NOTHING`,
          [d.siteId, d.incidentId, d.name, d.kind, d.areaCode, d.orgCode, d.registeredAt],
        );
        return;
      }
      case 'beneficiary.registered': {
        const d = event.data;
        await manager.query(
          `INSERT INTO beneficiary_view (beneficiary_id, incident_id, site_id, category, tier, org_code)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (beneficiary_id) DO NOTHING`,
          [d.beneficiaryId, d.incidentId, d.siteId ?? null, d.category, d.tier, d.orgCode],
        );
        return;
      }
      case 'fund.created':
        return this.onFundCreated(manager, event);
      case 'fund.allocated':
        return this.onFundAllocated(manager, event);
      case 'disbursement.requested':
      case 'disbursement.partially_approved':
      case 'disbursement.approved':
      case 'disbursement.rejected':
      case 'disbursement.cancelled':
      case 'disbursement.delivered':
        return this.onDisbursementStep(manager, event);
      case 'stock.received': {
        const d = event.data;
        await manager.query(
          `INSERT INTO stock_item (org_code, item_code, name, received_quantity) VALUES ($1, $2, $3, $4)
           ON CONFLICT (org_code, item_code) DO UPDATE
             SET name = EXCLUDED.name, received_quantity = stock_item.received_quantity + EXCLUDED.received_quantity`,
          [d.orgCode, d.itemCode, d.name, d.quantity],
        );
        return;
      }
      case 'stock.delivered': {
        const d = event.data;
        await manager.query(
          `INSERT INTO goods_delivery (event_id, org_code, item_code, quantity, visit_id, beneficiary_id, incident_id, delivered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
          [
            event.id,
            d.orgCode,
            d.itemCode,
            d.quantity,
            d.visitId,
            d.beneficiaryId,
            d.incidentId ?? null,
            event.occurredAt,
          ],
        );
        return;
      }
      case 'discrepancy.reported':
        return this.onDiscrepancy(manager, event);
      case 'advance.requested':
      case 'advance.partially_approved':
      case 'advance.issued':
      case 'advance.rejected':
      case 'advance.drawn':
      case 'advance.settled':
        return projectAdvance(manager, event);
      case 'verification.discrepancy': {
        const d = event.data;
        // A recipient who says they were not paid is news at once (the grievance list follows it).
        await this.alerts.raise(manager, this.alerts.verificationCondition(event.id, d));
        return;
      }
      case 'verification.drawn':
        return;
      case 'grievance.overdue':
        await this.alerts.raise(manager, this.alerts.grievanceOverdueCondition(event.data));
        return;
      case 'grievance.closed':
        await this.alerts.clearFor(
          manager,
          'grievance_overdue',
          event.data.grievanceId,
          'grievance.closed',
        );
        return;
      case 'grievance.opened':
      case 'grievance.assigned':
        return;
      case 'visit.logged':
        return this.onVisitLogged(manager, event);
      case 'visit.verified':
        await manager.query(`UPDATE visit_view SET status = 'accepted' WHERE visit_id = $1`, [
          event.data.visitId,
        ]);
        return;
      case 'visit.flagged':
        await manager.query(`UPDATE visit_view SET flagged = true WHERE visit_id = $1`, [
          event.data.visitId,
        ]);
        return;
      case 'followup.opened': {
        const d = event.data;
        await this.upsertFollowUp(manager, d.followUpId, d.incidentId, d.orgCode, {
          site_id: d.siteId,
          beneficiary_id: d.beneficiaryId,
          visit_id: d.visitId ?? null,
          kind: d.kind,
          due_at: d.dueAt,
          opened_at: event.occurredAt,
        });
        return;
      }
      case 'followup.assigned': {
        const d = event.data;
        await this.upsertFollowUp(manager, d.followUpId, d.incidentId, d.orgCode, {
          assignee_id: d.assigneeId,
        });
        return;
      }
      case 'followup.closed': {
        const d = event.data;
        await this.upsertFollowUp(manager, d.followUpId, d.incidentId, d.orgCode, {
          closed_at: event.occurredAt,
        });
        return;
      }
      // Logged for the stream only: the org tree is replicated by the auth lib, alerts are ours,
      // the household file lives in intake.
      case 'org.registered':
      case 'team.registered':
      case 'alert.raised':
      case 'alert.cleared':
      case 'system.probe':
      case 'audit.sealed':
      case 'household.assessed':
      case 'household.tier_changed':
      case 'household.at_risk':
        return;
    }
  }

  /** Appends to event_log; false when the event id was logged before (nothing else to do). */
  private async log(manager: EntityManager, event: AnyTypedEvent): Promise<boolean> {
    const scope = eventScope(event);
    if (!scope.incidentId) scope.incidentId = await this.inheritedIncident(manager, event);
    if (event.type === 'alert.cleared' && !scope.orgCode) {
      const [alert] = await manager.query<
        { org_code: string | null; incident_id: string | null }[]
      >(`SELECT org_code, incident_id FROM alert WHERE id = $1`, [event.data.alertId]);
      scope.orgCode = alert?.org_code ?? null;
      scope.incidentId = alert?.incident_id ?? null;
    }
    // Serialises appends until commit so seq order is commit order: a stream reader that has
    // seen seq N can never later find a smaller seq appear.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.event_log'))`);
    const rows = await manager.query<{ seq: string }[]>(
      `INSERT INTO event_log (event_id, type, incident_id, org_code, occurred_at, envelope)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [
        event.id,
        event.type,
        scope.incidentId,
        scope.orgCode,
        event.occurredAt,
        JSON.stringify(event),
      ],
    );
    return rows.length === 1;
  }

  /** Funds events may omit the incident: take it from the fund or the nearest ancestor fund. */
  private async inheritedIncident(
    manager: EntityManager,
    event: AnyTypedEvent,
  ): Promise<string | null> {
    const fundId = fundOf(event);
    if (!fundId) return null;
    const [row] = await manager.query<{ incident_id: string | null }[]>(
      `WITH RECURSIVE chain AS (
         SELECT fund_id, parent_fund_id, incident_id, 0 AS depth FROM fund_view WHERE fund_id = $1
         UNION ALL
         SELECT f.fund_id, f.parent_fund_id, f.incident_id, c.depth + 1
           FROM fund_view f JOIN chain c ON f.fund_id = c.parent_fund_id WHERE c.depth < 20
       )
       SELECT incident_id FROM chain WHERE incident_id IS NOT NULL ORDER BY depth LIMIT 1`,
      [fundId],
    );
    return row?.incident_id ?? null;
  }

  private async onIncidentReported(
    manager: EntityManager,
    event: Extract<AnyTypedEvent, { type: 'incident.reported' }>,
  ): Promise<void> {
    const d = event.data;
    await manager.query(
      `INSERT INTO incident_view (incident_id, title, kind, status, response_level, lead_org_code, occurred_at, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (incident_id) DO NOTHING`,
      [
        d.incidentId,
        d.title,
        d.kind,
        d.status,
        d.responseLevel,
        d.leadOrgCode,
        d.occurredAt,
        event.occurredAt,
      ],
    );
  }

  private async onFundCreated(
    manager: EntityManager,
    event: Extract<AnyTypedEvent, { type: 'fund.created' }>,
  ): Promise<void> {
    const d = event.data;
    // The flow columns may already hold deltas from events that overtook this one: keep them.
    await manager.query(
      `INSERT INTO fund_view (fund_id, code, name, source, purpose, owner_org_code, incident_id, parent_fund_id, amount_fen, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (fund_id) DO UPDATE SET
         code = EXCLUDED.code, name = EXCLUDED.name, source = EXCLUDED.source, purpose = EXCLUDED.purpose,
         owner_org_code = EXCLUDED.owner_org_code, incident_id = EXCLUDED.incident_id,
         parent_fund_id = EXCLUDED.parent_fund_id, amount_fen = EXCLUDED.amount_fen, created_at = EXCLUDED.created_at
       WHERE fund_view.created_at IS NULL`,
      [
        d.fundId,
        d.code,
        d.name,
        d.source,
        d.purpose,
        d.ownerOrgCode,
        d.incidentId ?? null,
        d.parentFundId ?? null,
        d.amountFen,
        event.occurredAt,
      ],
    );
  }

  private async onFundAllocated(
    manager: EntityManager,
    event: Extract<AnyTypedEvent, { type: 'fund.allocated' }>,
  ): Promise<void> {
    const d = event.data;
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO allocation_view (allocation_id, from_fund_id, to_fund_id, amount_fen, incident_id, allocated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (allocation_id) DO NOTHING RETURNING allocation_id`,
      [
        d.allocationId,
        d.fromFundId,
        d.toFundId,
        d.amountFen,
        d.incidentId ?? null,
        event.occurredAt,
      ],
    );
    // The child fund's own amount arrives with its fund.created (parentFundId set).
    if (inserted.length === 1)
      await this.addToFund(manager, d.fromFundId, { allocatedDownFen: BigInt(d.amountFen) });
  }

  private async onDisbursementStep(
    manager: EntityManager,
    event: DisbursementEvent,
  ): Promise<void> {
    const d = event.data;
    const amount = 'amountFen' in d ? BigInt(d.amountFen) : null;
    const beneficiaryId = 'beneficiaryId' in d ? d.beneficiaryId : null;
    await manager.query(
      `INSERT INTO disbursement_view (disbursement_id, fund_id, org_code, incident_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (disbursement_id) DO NOTHING`,
      [d.disbursementId, d.fundId, d.orgCode, d.incidentId ?? null],
    );
    const [row] = await manager.query<DisbursementRow[]>(
      `SELECT fund_id, amount_fen, approved_at, rejected_at, cancelled_at, delivered_at
         FROM disbursement_view WHERE disbursement_id = $1 FOR UPDATE`,
      [d.disbursementId],
    );
    if (!row) throw new Error(`disbursement ${d.disbursementId} vanished from the projection`);
    // A contract violation, not a transient failure: dead-letter it rather than book wrong money.
    if (row.fund_id !== d.fundId) {
      throw new Error(
        `${event.type} names fund ${d.fundId} but disbursement ${d.disbursementId} draws on ${row.fund_id}`,
      );
    }
    const known = row.amount_fen === null ? null : BigInt(row.amount_fen);
    if (known !== null && amount !== null && known !== amount) {
      throw new Error(
        `${event.type} amount ${amount} differs from ${known} seen before for ${d.disbursementId}`,
      );
    }
    const before: DisbursementSteps = {
      amountFen: known,
      approvedAt: row.approved_at,
      rejectedAt: row.rejected_at,
      cancelledAt: row.cancelled_at,
      deliveredAt: row.delivered_at,
    };
    const { delta } = applyStep(before, event.type, new Date(event.occurredAt), amount);

    const column = STEP_COLUMN[event.type];
    await manager.query(
      `UPDATE disbursement_view SET
         ${column} = COALESCE(${column}, $2),
         amount_fen = COALESCE(amount_fen, $3),
         beneficiary_id = COALESCE(beneficiary_id, $4),
         incident_id = COALESCE(incident_id, $5)
       WHERE disbursement_id = $1`,
      [
        d.disbursementId,
        event.occurredAt,
        amount?.toString() ?? null,
        beneficiaryId,
        d.incidentId ?? null,
      ],
    );
    if (delta.reservedFen !== 0n || delta.deliveredFen !== 0n) {
      await this.addToFund(manager, d.fundId, delta);
    }
  }

  /** Adds deltas to a fund's flow columns, creating the row if fund.created has not arrived yet. */
  private async addToFund(
    manager: EntityManager,
    fundId: string,
    delta: { allocatedDownFen?: bigint; reservedFen?: bigint; deliveredFen?: bigint },
  ): Promise<void> {
    // Row first, deltas second: a negative delta in an upsert's VALUES would trip the CHECKs.
    await manager.query(
      `INSERT INTO fund_view (fund_id) VALUES ($1) ON CONFLICT (fund_id) DO NOTHING`,
      [fundId],
    );
    await manager.query(
      `UPDATE fund_view SET
         allocated_down_fen = allocated_down_fen + $2,
         reserved_fen = reserved_fen + $3,
         delivered_fen = delivered_fen + $4
       WHERE fund_id = $1`,
      [
        fundId,
        (delta.allocatedDownFen ?? 0n).toString(),
        (delta.reservedFen ?? 0n).toString(),
        (delta.deliveredFen ?? 0n).toString(),
      ],
    );
  }

  private async onDiscrepancy(
    manager: EntityManager,
    event: Extract<AnyTypedEvent, { type: 'discrepancy.reported' }>,
  ): Promise<void> {
    const d = event.data;
    await manager.query(
      `INSERT INTO discrepancy (event_id, kind, visit_id, disbursement_id, item_code, expected, actual, org_code, incident_id, reason, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (event_id) DO NOTHING`,
      [
        event.id,
        d.kind,
        d.visitId ?? null,
        d.disbursementId ?? null,
        d.itemCode ?? null,
        d.expected,
        d.actual,
        d.orgCode,
        d.incidentId ?? null,
        d.reason,
        event.occurredAt,
      ],
    );
    // Raised at once rather than at the next evaluation: a discrepancy is news in itself.
    await this.alerts.raise(
      manager,
      this.alerts.discrepancyCondition({
        eventId: event.id,
        kind: d.kind,
        expected: d.expected,
        actual: d.actual,
        orgCode: d.orgCode,
        incidentId: d.incidentId ?? null,
      }),
    );
  }

  private async onVisitLogged(
    manager: EntityManager,
    event: Extract<AnyTypedEvent, { type: 'visit.logged' }>,
  ): Promise<void> {
    const d = event.data;
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO visit_view (visit_id, site_id, team_id, incident_id, org_code, visited_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (visit_id) DO NOTHING RETURNING visit_id`,
      [d.visitId, d.siteId, d.teamId, d.incidentId, d.orgCode, d.visitedAt, d.status],
    );
    if (inserted.length === 0 || d.beneficiaries.length === 0) return;
    const ids = [...new Set(d.beneficiaries.map((b) => b.beneficiaryId))];
    await manager.query(
      `INSERT INTO visit_beneficiary (visit_id, beneficiary_id, site_id, incident_id)
       SELECT $1, b, $2, $3 FROM unnest($4::uuid[]) AS b ON CONFLICT DO NOTHING`,
      [d.visitId, d.siteId, d.incidentId, ids],
    );
  }

  private async upsertFollowUp(
    manager: EntityManager,
    followUpId: string,
    incidentId: string,
    orgCode: string,
    fields: Partial<
      Record<
        | 'site_id'
        | 'beneficiary_id'
        | 'visit_id'
        | 'kind'
        | 'due_at'
        | 'assignee_id'
        | 'opened_at'
        | 'closed_at',
        string | null
      >
    >,
  ): Promise<void> {
    const columns = Object.keys(fields) as (keyof typeof fields)[];
    const values = columns.map((c) => fields[c] ?? null);
    const names = columns.join(', ');
    const params = columns.map((_, i) => `$${i + 4}`).join(', ');
    // First value wins (replays cannot rewrite history), except the assignee: the latest assignment holds.
    const updates = columns
      .map((c) =>
        c === 'assignee_id'
          ? `${c} = COALESCE(EXCLUDED.${c}, followup_view.${c})`
          : `${c} = COALESCE(followup_view.${c}, EXCLUDED.${c})`,
      )
      .join(', ');
    await manager.query(
      `INSERT INTO followup_view (follow_up_id, incident_id, org_code, ${names}) VALUES ($1, $2, $3, ${params})
       ON CONFLICT (follow_up_id) DO UPDATE SET ${updates}`,
      [followUpId, incidentId, orgCode, ...values],
    );
  }
}
