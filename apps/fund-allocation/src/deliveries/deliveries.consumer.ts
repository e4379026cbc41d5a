import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { DeliveriesService } from './deliveries.service';

/** What welfare-visit reports handed over: cash delivers disbursements, goods leave stock. */
@Injectable()
export class DeliveriesConsumer {
  constructor(private readonly deliveries: DeliveriesService) {}

  @HandlesEvent('visit.logged')
  async onVisitLogged(event: TypedEvent<'visit.logged'>, context: EventContext): Promise<void> {
    await this.deliveries.applyVisit(context.manager, event);
  }
}
