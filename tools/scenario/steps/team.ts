import { ok, type Schemas } from '@aidflow/api-client';
import { eventually, type Scenario, type User } from '../scenario';

/** 8a. The provincial delegation team, with every site of the response. */
export async function delegationTeam(
  s: Scenario,
  ops: User,
  sites: Schemas['SiteView'][],
): Promise<Schemas['TeamView']> {
  return eventually('delegation team', () =>
    ok(
      ops.api.POST('/api/teams', {
        body: {
          name: `青海省总工会慰问组 QH federation delegation (replay ${s.run})`,
          orgCode: 'QH',
          memberIds: ['field-qh-1'],
          siteIds: sites.map((site) => site.id),
        },
      }),
    ),
  );
}
