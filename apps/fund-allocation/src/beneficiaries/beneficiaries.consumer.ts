import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { BeneficiaryReplicaService } from './beneficiary-replica.service';

/** Learns beneficiaries from incident-intake, so disbursements can name only registered people. */
@Injectable()
export class BeneficiariesConsumer {
  constructor(private readonly replica: BeneficiaryReplicaService) {}

  @HandlesEvent('beneficiary.registered')
  async onRegistered(
    event: TypedEvent<'beneficiary.registered'>,
    context: EventContext,
  ): Promise<void> {
    await this.replica.upsert(context.manager, event.data);
  }
}
