import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { SitesService } from './sites.service';

@Injectable()
export class SitesConsumer {
  constructor(private readonly sites: SitesService) {}

  @HandlesEvent('site.registered')
  async onRegistered(event: TypedEvent<'site.registered'>, context: EventContext): Promise<void> {
    await this.sites.recordRegistered(context.manager, event.data);
  }
}
