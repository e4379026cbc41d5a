import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { VisitVerificationService } from './visit-verification.service';

/** fund-allocation refused part of a visit: the visit carries the discrepancy. */
@Injectable()
export class DiscrepanciesConsumer {
  constructor(private readonly verification: VisitVerificationService) {}

  @HandlesEvent('discrepancy.reported')
  async onReported(
    event: TypedEvent<'discrepancy.reported'>,
    context: EventContext,
  ): Promise<void> {
    await this.verification.onDiscrepancy(context.manager, event.data);
  }
}
