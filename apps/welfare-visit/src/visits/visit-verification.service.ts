import { DisbursementApprovedV1, DiscrepancyReportedV1 } from '@aidflow/contracts';
import { UnitOfWork } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fenFromPg, updateReturning } from '@aidflow/database';
import { VisitRecordStatus } from './visit.entity';

const REASON_MAX_LENGTH = 1000;

/**
 * Completes visits whose cash was handed over before this service had seen the disbursement:
 * when its events arrive, each waiting cash line is verified or found wrong, and the visit is
 * verified (`visit.verified`) or flagged for review (`visit.flagged`). Runs in the inbox transaction.
 */
@Injectable()
export class VisitVerificationService {
  constructor(private readonly uow: UnitOfWork) {}

  async onApproved(manager: EntityManager, approved: DisbursementApprovedV1): Promise<void> {
    const lines = await manager.query<
      { visit_id: string; beneficiary_id: string; amount_fen: string }[]
    >(
      `SELECT visit_id, beneficiary_id, amount_fen FROM visit_cash_lines
        WHERE disbursement_id = $1 AND verification = 'pending' FOR UPDATE`,
      [approved.disbursementId],
    );
    for (const line of lines) {
      const problems: string[] = [];
      if (line.beneficiary_id !== approved.beneficiaryId.toLowerCase()) {
        problems.push(
          `disbursement ${approved.disbursementId} was approved for another beneficiary`,
        );
      }
      if (fenFromPg(line.amount_fen) !== approved.amountFen) {
        problems.push(
          `handed over ${line.amount_fen} fen but disbursement ${approved.disbursementId} was approved for ${approved.amountFen} fen`,
        );
      }
      await manager.query(
        `UPDATE visit_cash_lines SET verification = $3, problem = $4 WHERE visit_id = $1 AND beneficiary_id = $2`,
        [
          line.visit_id,
          line.beneficiary_id,
          problems.length > 0 ? 'mismatch' : 'verified',
          problems.join('; ') || null,
        ],
      );
      await this.settle(manager, line.visit_id);
    }
  }

  /** The disbursement will never be paid: cash recorded against it needs a person to look. */
  async onVoided(
    manager: EntityManager,
    disbursementId: string,
    outcome: 'rejected' | 'cancelled',
    reason: string | undefined,
  ): Promise<void> {
    const problem = `disbursement ${disbursementId} was ${outcome}${reason ? `: ${reason}` : ''}`;
    const voided = await updateReturning<{ visit_id: string }>(
      manager,
      `UPDATE visit_cash_lines SET verification = 'void', problem = $2
        WHERE disbursement_id = $1 AND verification IN ('pending', 'verified') RETURNING visit_id`,
      [disbursementId, problem.slice(0, REASON_MAX_LENGTH)],
    );
    for (const line of voided) {
      await this.settle(manager, line.visit_id);
    }
  }

  /**
   * The back office refused a line of this visit (unknown disbursement, wrong amount, stock
   * overrun): the visit is flagged for review with the reason, so the field sees it too.
   */
  async onDiscrepancy(manager: EntityManager, d: DiscrepancyReportedV1): Promise<void> {
    if (!d.visitId) return;
    const visitId = d.visitId.toLowerCase();
    const problem = d.reason.slice(0, REASON_MAX_LENGTH);
    if (d.kind === 'cash' && d.disbursementId) {
      await manager.query(
        `UPDATE visit_cash_lines SET verification = 'mismatch', problem = $3
          WHERE visit_id = $1 AND disbursement_id = $2 AND verification IN ('pending', 'verified')`,
        [visitId, d.disbursementId.toLowerCase(), problem],
      );
    }
    await this.settle(manager, visitId, problem);
  }

  /** Flags the visit if any of its cash lines failed; verifies it once none is pending. */
  private async settle(manager: EntityManager, visitId: string, extra?: string): Promise<void> {
    await this.uow.within(manager, async (tx) => {
      const [visit] = await manager.query<
        { status: VisitRecordStatus; org_code: string; incident_id: string }[]
      >(`SELECT status, org_code, incident_id FROM visits WHERE id = $1 FOR UPDATE`, [visitId]);
      if (!visit || visit.status === 'flagged') return tx.unchanged('no visit, or flagged already');
      const lines = await manager.query<{ verification: string; problem: string | null }[]>(
        `SELECT verification, problem FROM visit_cash_lines WHERE visit_id = $1 ORDER BY beneficiary_id`,
        [visitId],
      );
      const problems = lines.flatMap((l) => (l.problem !== null ? [l.problem] : []));
      if (extra !== undefined && !problems.includes(extra)) problems.push(extra);
      if (problems.length > 0) {
        const reason = problems.join('; ').slice(0, REASON_MAX_LENGTH);
        await manager.query(
          `UPDATE visits SET status = 'flagged', flag_reason = $2 WHERE id = $1`,
          [visitId, reason],
        );
        tx.publish('visit.flagged', visitId, {
          visitId,
          reason,
          orgCode: visit.org_code,
          incidentId: visit.incident_id,
        });
        tx.record({
          action: 'visit.flag',
          targetType: 'visit',
          targetId: visitId,
          orgCode: visit.org_code,
          summary: { from: visit.status, reason },
        });
        return;
      }
      if (
        visit.status !== 'pending_verification' ||
        lines.some((l) => l.verification === 'pending')
      )
        return tx.unchanged('nothing to verify yet');
      await manager.query(
        `UPDATE visits SET status = 'accepted', verified_at = now() WHERE id = $1`,
        [visitId],
      );
      tx.publish('visit.verified', visitId, {
        visitId,
        orgCode: visit.org_code,
        incidentId: visit.incident_id,
      });
      tx.record({
        action: 'visit.verify',
        targetType: 'visit',
        targetId: visitId,
        orgCode: visit.org_code,
        summary: { from: visit.status, to: 'accepted' },
      });
    });
  }
}
