// Cash another visit already took (two devices, one family): the refused visit is kept as a
// conflict of the standing one, for ops to see and resolve; its details name the conflict.
import { AuthUser } from '@aidflow/auth';
import { Injectable } from '@nestjs/common';
import { CashConflictsService } from '../../conflicts/cash-conflicts.service';
import { NormalizedVisit } from '../visit-content';
import { VisitRejection } from '../visit-rejection';

@Injectable()
export class KeepCashConflicts {
  constructor(private readonly cashConflicts: CashConflictsService) {}

  async keep(
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    rejection: VisitRejection,
  ): Promise<VisitRejection> {
    if (rejection.handedOver.length === 0) return rejection;
    const kept = await this.cashConflicts.record(
      user,
      visit,
      hash,
      rejection.handedOver.map((h) => h.disbursementId),
    );
    if (kept.size === 0) return rejection;
    const byField = new Map(
      rejection.handedOver.flatMap((h) => {
        const id = kept.get(h.disbursementId);
        return id ? [[h.field, id] as const] : [];
      }),
    );
    const details = rejection.details.map((d) => {
      const id = byField.get(d.field);
      return id
        ? {
            field: d.field,
            problem: `has already been handed over in another visit (kept for review as conflict ${id})`,
          }
        : d;
    });
    // Still 422 (the cash-once rule refuses it), now with the conflict ops will see.
    return new VisitRejection(rejection.kind, rejection.message, details);
  }
}
