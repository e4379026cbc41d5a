import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { IncidentReplicaService } from './incident-replica.service';

/** Learns incidents from incident-intake, so funds can name only known incidents of their branch. */
@Injectable()
export class IncidentsConsumer {
  constructor(private readonly replica: IncidentReplicaService) {}

  @HandlesEvent('incident.reported')
  async onReported(event: TypedEvent<'incident.reported'>, context: EventContext): Promise<void> {
    await this.replica.recordReported(context.manager, event.data);
  }

  @HandlesEvent('incident.status_changed')
  async onStatusChanged(
    event: TypedEvent<'incident.status_changed'>,
    context: EventContext,
  ): Promise<void> {
    await this.replica.recordStatusChanged(context.manager, event.data);
  }
}
