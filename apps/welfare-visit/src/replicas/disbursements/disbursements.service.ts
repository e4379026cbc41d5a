import {
  DisbursementApprovedV1,
  DisbursementCancelledV1,
  DisbursementDeliveredV1,
  DisbursementRejectedV1,
} from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { lockDisbursements } from '../../common/db';
import { VisitVerificationService } from '../../visits/visit-verification.service';

/**
 * Keeps the disbursement replica in step with fund-allocation, and hands each decision to the
 * visits that recorded cash against the disbursement before it was known here.
 */
@Injectable()
export class DisbursementsService {
  constructor(private readonly verification: VisitVerificationService) {}

  async recordApproved(manager: EntityManager, data: DisbursementApprovedV1): Promise<void> {
    // Same lock as a visit's cash check: a visit is either fully before this event or fully after.
    await lockDisbursements(manager, [data.disbursementId]);
    await manager.query(
      `INSERT INTO disbursement_replica (id, beneficiary_id, amount_fen, status, org_code, incident_id)
       VALUES ($1, $2, $3, 'approved', $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [
        data.disbursementId,
        data.beneficiaryId,
        data.amountFen,
        data.orgCode,
        data.incidentId ?? null,
      ],
    );
    await this.verification.onApproved(manager, data);
  }

  async recordDelivered(manager: EntityManager, data: DisbursementDeliveredV1): Promise<void> {
    await lockDisbursements(manager, [data.disbursementId]);
    await manager.query(
      `INSERT INTO disbursement_replica (id, beneficiary_id, amount_fen, status, org_code, incident_id)
       VALUES ($1, $2, $3, 'delivered', $4, $5)
       ON CONFLICT (id) DO UPDATE
         SET status = 'delivered', beneficiary_id = EXCLUDED.beneficiary_id, updated_at = now()`,
      [
        data.disbursementId,
        data.beneficiaryId,
        data.amountFen,
        data.orgCode,
        data.incidentId ?? null,
      ],
    );
  }

  async recordRejected(manager: EntityManager, data: DisbursementRejectedV1): Promise<void> {
    await this.recordVoided(manager, data, 'rejected', data.reason);
  }

  async recordCancelled(manager: EntityManager, data: DisbursementCancelledV1): Promise<void> {
    await this.recordVoided(manager, data, 'cancelled', data.reason);
  }

  private async recordVoided(
    manager: EntityManager,
    data: { disbursementId: string; amountFen: number; orgCode: string; incidentId?: string },
    status: 'rejected' | 'cancelled',
    reason: string | undefined,
  ): Promise<void> {
    await lockDisbursements(manager, [data.disbursementId]);
    // A delivered disbursement stays delivered: the money has left.
    await manager.query(
      `INSERT INTO disbursement_replica (id, amount_fen, status, reason, org_code, incident_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE
         SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()
         WHERE disbursement_replica.status <> 'delivered'`,
      [
        data.disbursementId,
        data.amountFen,
        status,
        reason ?? null,
        data.orgCode,
        data.incidentId ?? null,
      ],
    );
    await this.verification.onVoided(manager, data.disbursementId, status, reason);
  }
}
