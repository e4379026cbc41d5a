import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { BeneficiariesService } from './beneficiaries.service';

@Injectable()
export class BeneficiariesConsumer {
  constructor(private readonly beneficiaries: BeneficiariesService) {}

  @HandlesEvent('beneficiary.registered')
  async onRegistered(
    event: TypedEvent<'beneficiary.registered'>,
    context: EventContext,
  ): Promise<void> {
    await this.beneficiaries.recordRegistered(context.manager, event.data);
  }
}
