import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { IncidentsService } from './incidents.service';

@Injectable()
export class IncidentsConsumer {
  constructor(private readonly incidents: IncidentsService) {}

  @HandlesEvent('incident.reported')
  async onReported(event: TypedEvent<'incident.reported'>, context: EventContext): Promise<void> {
    await this.incidents.recordReported(context.manager, event.data);
  }

  @HandlesEvent('incident.status_changed')
  async onStatusChanged(
    event: TypedEvent<'incident.status_changed'>,
    context: EventContext,
  ): Promise<void> {
    await this.incidents.recordStatusChanged(context.manager, event.data);
  }
}
