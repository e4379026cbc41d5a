// The same visit id again: the same content is a duplicate; other content is kept aside, never applied.
import { AuthUser } from '@aidflow/auth';
import { WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { SubmitOutcome } from '../batch/batch-item-result';
import { NormalizedVisit } from '../visit-content';
import { VisitRejection } from '../visit-rejection';
import { ExistingVisit, VisitRepository } from '../visit.repository';

@Injectable()
export class ResendVisit {
  constructor(private readonly visits: VisitRepository) {}

  async resend(
    tx: WriteTransaction,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    existing: ExistingVisit,
    at: (field: string) => string,
  ): Promise<SubmitOutcome> {
    if (existing.content_hash === hash) {
      tx.unchanged('the same visit again');
      return { status: 'duplicate', id: visit.id, visitStatus: existing.status };
    }
    let conflictId = await this.visits.keepResend(tx.manager, existing, visit, hash, user.sub);
    if (conflictId) {
      tx.withoutEvent('a resend with other content is kept aside for review, not applied');
      tx.record({
        action: 'visit.conflict',
        targetType: 'visit',
        targetId: visit.id,
        orgCode: existing.org_code,
        summary: { conflictId, contentHash: hash },
      });
    } else {
      tx.unchanged('this resend was kept for review already');
      conflictId = await this.visits.keptResend(tx.manager, visit.id, hash);
    }
    return {
      status: 'rejected',
      id: visit.id,
      rejection: new VisitRejection(
        'conflict',
        `visit ${visit.id} was already logged with different content; this version is kept for review`,
        [
          {
            field: at('id'),
            problem: `was already logged with different content (kept for review as conflict ${conflictId ?? 'unknown'})`,
          },
        ],
      ),
    };
  }
}
