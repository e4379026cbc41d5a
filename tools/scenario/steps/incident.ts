import { ok, type Schemas } from '@aidflow/api-client';
import { INCIDENT, SITES } from '../maduo-data';
import { inParallel, type Scenario, type User } from '../scenario';

/** 2. The earthquake and the emergency response. */
export async function reportIncident(s: Scenario, ops: User): Promise<Schemas['IncidentView']> {
  const incident = await ok(
    ops.api.POST('/api/incidents', {
      body: {
        ...INCIDENT,
        areaCodes: [...INCIDENT.areaCodes],
        epicenter: { ...INCIDENT.epicenter },
      },
    }),
  );
  await ok(
    ops.api.POST('/api/incidents/{id}/status', {
      params: { path: { id: incident.id } },
      body: { status: 'responding' },
    }),
  );
  s.progress(
    `incident ${incident.id}: M${INCIDENT.magnitude} ${INCIDENT.kind}, response level ${INCIDENT.responseLevel}, responding`,
  );
  return incident;
}

/** 3. The 12 sites. */
export async function registerSites(
  s: Scenario,
  ops: User,
  incidentId: string,
): Promise<Schemas['SiteView'][]> {
  const sites = await inParallel(SITES, 4, (site) =>
    ok(
      ops.api.POST('/api/incidents/{id}/sites', {
        params: { path: { id: incidentId } },
        body: { ...site, areaCode: '632626' },
      }),
    ),
  );
  s.progress(`${sites.length} resettlement sites and work units registered`);
  return sites;
}
