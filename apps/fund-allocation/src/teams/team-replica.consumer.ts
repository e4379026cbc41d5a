import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';

/** Learns field teams and their sites from welfare-visit, so an advance covers only their payments. */
@Injectable()
export class TeamReplicaConsumer {
  @HandlesEvent('team.registered')
  async onTeamRegistered(
    event: TypedEvent<'team.registered'>,
    context: EventContext,
  ): Promise<void> {
    const team = event.data;
    await context.manager.query(
      `INSERT INTO team_replica (id, name, org_code, site_ids, updated_at)
       VALUES ($1, $2, $3, $4::uuid[], now())
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, org_code = EXCLUDED.org_code,
                                      site_ids = EXCLUDED.site_ids, updated_at = now()`,
      [team.teamId, team.name, team.orgCode, team.siteIds],
    );
  }
}
