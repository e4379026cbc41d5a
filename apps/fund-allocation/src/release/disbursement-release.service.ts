import { conflict } from '@aidflow/platform';
import { UnitOfWork } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '@aidflow/database';
import { AdvanceRepository } from '../advances/advance.repository';
import { fen } from '../common/money';
import { recordHistory } from '../disbursements/disbursement-history';
import { DISBURSEMENT_COLUMNS, DisbursementRow } from '../disbursements/dto/disbursement.view';
import { FundRow, LedgerService } from '../ledger/ledger.service';

/**
 * Releases an approved, undelivered disbursement: its reservation goes back to available
 * (a `release` movement), it becomes `cancelled` with the reason, and the step is audited.
 * Callers hold the fund's and the disbursement's row locks. The one path for
 * a person's cancel and the expiry job.
 */
@Injectable()
export class DisbursementReleaseService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly advances: AdvanceRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async release(
    manager: EntityManager,
    d: DisbursementRow,
    fund: FundRow,
    by: string,
    reason: string,
    auditAction: 'disbursement.release' | 'disbursement.expire',
  ): Promise<DisbursementRow> {
    // Joins the caller's write (a cancel), or completes one over the caller's transaction (the job).
    return this.uow.within(manager, async (tx) => {
      if (d.status !== 'approved') {
        throw conflict(
          `disbursement ${d.id} is ${d.status}: only an approved, undelivered one can be released`,
        );
      }
      const amountFen = fen(d.amount_fen);
      // Cash a team carries is reserved money: releasing under it would leave the cash unbacked.
      const custody = await this.advances.custodyFen(manager, fund.id);
      if (fen(fund.reserved_fen) - amountFen < custody) {
        throw conflict(
          `fund ${fund.id} has ${custody} fen in teams' custody: settle the advance before releasing disbursement ${d.id}`,
        );
      }
      const moved = await this.ledger.move(
        manager,
        'release',
        d.fund_id,
        'reserved',
        'available',
        amountFen,
        {
          disbursementId: d.id,
        },
      );
      if (!moved)
        throw new Error(`fund ${d.fund_id} has less reserved than approved disbursement ${d.id}`);
      const [row] = await updateReturning<DisbursementRow>(
        manager,
        `UPDATE disbursements SET status = 'cancelled', decision_reason = $2, updated_at = now()
        WHERE id = $1 RETURNING ${DISBURSEMENT_COLUMNS}`,
        [d.id, reason],
      );
      if (!row) throw new Error(`disbursement ${d.id} vanished under its lock`);
      await recordHistory(manager, d.id, 'cancelled', { reason });
      tx.publish('disbursement.cancelled', d.id, {
        disbursementId: d.id,
        fundId: d.fund_id,
        amountFen,
        cancelledBy: by,
        reason,
        orgCode: d.org_code,
        ...(d.incident_id !== null ? { incidentId: d.incident_id } : {}),
      });
      tx.record({
        action: auditAction,
        targetType: 'disbursement',
        targetId: d.id,
        orgCode: d.org_code,
        summary: { fundId: d.fund_id, amountFen, reason, released: true },
      });
      return row;
    });
  }
}
