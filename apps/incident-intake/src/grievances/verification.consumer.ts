import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { GrievancesService } from './grievances.service';

/** fund-allocation's failed payment verifications become grievances (one per sampled item). */
@Injectable()
export class VerificationConsumer {
  constructor(private readonly grievances: GrievancesService) {}

  @HandlesEvent('verification.discrepancy')
  async onDiscrepancy(
    event: TypedEvent<'verification.discrepancy'>,
    context: EventContext,
  ): Promise<void> {
    await this.grievances.openFromVerification(context.manager, event);
  }
}
