import { updateReturning } from '@aidflow/database';
import { OutboxService } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import { ADVANCE_COLUMNS, AdvanceRow } from './dto/advance.view';

export interface DeliveredCash {
  disbursementId: string;
  fundId: string;
  amountFen: number;
  visitId: string;
  teamId: string;
}

/**
 * A cash handover at a visit draws the team's oldest open advance on that fund that covers it.
 * Runs inside the delivery's transaction (under the fund's row lock), so
 * a settlement sees either all of a visit's draws or none. A discrepancy advance still takes
 * draws: a late-synced visit shows where the missing cash went. No covering advance → no draw
 * (the cash came from elsewhere).
 */
@Injectable()
export class AdvanceDrawdownService {
  constructor(private readonly outbox: OutboxService) {}

  async draw(manager: EntityManager, cash: DeliveredCash): Promise<void> {
    const [advance] = await manager.query<AdvanceRow[]>(
      `SELECT ${ADVANCE_COLUMNS} FROM advances
        WHERE fund_id = $1 AND team_id = $2 AND status IN ('issued', 'discrepancy')
          AND outstanding_fen >= $3::bigint
        ORDER BY issued_at, id LIMIT 1 FOR UPDATE`,
      [cash.fundId, cash.teamId, fenParam(cash.amountFen)],
    );
    if (!advance) return;
    const inserted = await manager.query<{ disbursement_id: string }[]>(
      `INSERT INTO advance_draws (disbursement_id, advance_id, visit_id, amount_fen)
       VALUES ($1, $2, $3, $4::bigint) ON CONFLICT (disbursement_id) DO NOTHING
       RETURNING disbursement_id`,
      [cash.disbursementId, advance.id, cash.visitId, fenParam(cash.amountFen)],
    );
    if (inserted.length === 0) return;
    const [row] = await updateReturning<AdvanceRow>(
      manager,
      `UPDATE advances SET handed_over_fen = handed_over_fen + $2::bigint,
              outstanding_fen = outstanding_fen - $2::bigint, updated_at = now()
        WHERE id = $1 RETURNING ${ADVANCE_COLUMNS}`,
      [advance.id, fenParam(cash.amountFen)],
    );
    if (!row) throw new Error(`advance ${advance.id} vanished under its lock`);
    await this.outbox.publish(manager, 'advance.drawn', advance.id, {
      advanceId: advance.id,
      fundId: cash.fundId,
      teamId: cash.teamId,
      visitId: cash.visitId,
      disbursementId: cash.disbursementId,
      amountFen: cash.amountFen,
      handedOverFen: fen(row.handed_over_fen),
      outstandingFen: fen(row.outstanding_fen),
      orgCode: row.org_code,
      ...(row.incident_id !== null ? { incidentId: row.incident_id } : {}),
    });
  }
}
