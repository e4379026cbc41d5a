import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { OrgDirectory } from './org-directory';

/** Keeps this service's org_replica in step with incident-intake's org.registered events. */
@Injectable()
export class OrgReplicaConsumer {
  @HandlesEvent('org.registered')
  async onOrgRegistered(event: TypedEvent<'org.registered'>, context: EventContext): Promise<void> {
    const { code, name, level, parentCode, path } = event.data;
    // Same transaction as the inbox record: the replica changes exactly once per event.
    await OrgDirectory.upsert(context.manager, { code, name, level, parentCode, path });
  }
}
