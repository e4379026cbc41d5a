import { AnyTypedEvent, EVENT_TYPES } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { ProjectionsService } from './projections.service';

/** Every event of every topic goes to the event log and the projections. */
@Injectable()
export class ProjectionsConsumer {
  constructor(private readonly projections: ProjectionsService) {}

  @HandlesEvent(...EVENT_TYPES)
  async onEvent(event: AnyTypedEvent, context: EventContext): Promise<void> {
    await this.projections.apply(context.manager, event);
  }
}
