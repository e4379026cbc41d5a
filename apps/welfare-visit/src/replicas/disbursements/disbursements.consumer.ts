import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { DisbursementsService } from './disbursements.service';

@Injectable()
export class DisbursementsConsumer {
  constructor(private readonly disbursements: DisbursementsService) {}

  @HandlesEvent('disbursement.approved')
  async onApproved(
    event: TypedEvent<'disbursement.approved'>,
    context: EventContext,
  ): Promise<void> {
    await this.disbursements.recordApproved(context.manager, event.data);
  }

  @HandlesEvent('disbursement.delivered')
  async onDelivered(
    event: TypedEvent<'disbursement.delivered'>,
    context: EventContext,
  ): Promise<void> {
    await this.disbursements.recordDelivered(context.manager, event.data);
  }

  @HandlesEvent('disbursement.rejected')
  async onRejected(
    event: TypedEvent<'disbursement.rejected'>,
    context: EventContext,
  ): Promise<void> {
    await this.disbursements.recordRejected(context.manager, event.data);
  }

  @HandlesEvent('disbursement.cancelled')
  async onCancelled(
    event: TypedEvent<'disbursement.cancelled'>,
    context: EventContext,
  ): Promise<void> {
    await this.disbursements.recordCancelled(context.manager, event.data);
  }
}
