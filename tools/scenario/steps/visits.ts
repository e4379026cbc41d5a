import { ApiError, ok, type Schemas } from '@aidflow/api-client';
import { randomUUID } from 'node:crypto';
import { SITES, type Person } from '../maduo-data';
import { eventually, type Scenario, type User } from '../scenario';
import type { Recipient } from './disbursements';

export interface VisitsDone {
  visits: Schemas['VisitDto'][];
  /** People visited, counted over every visit. */
  reached: number;
}

/** 8c. The delegation team visits the 12 sites on 26–27 May, half of them online, half offline. */
export async function delegationVisits(
  s: Scenario,
  field: User,
  team: Schemas['TeamView'],
  sites: Schemas['SiteView'][],
  persons: Person[],
  beneficiaries: Schemas['BeneficiaryView'][],
  recipients: Recipient[],
  disbursements: Schemas['DisbursementView'][],
): Promise<VisitsDone> {
  const cashBy = new Map(
    recipients.map((r, i) => [
      r.beneficiaryId,
      { disbursementId: disbursements[i].id, amountFen: r.p.cashFen },
    ]),
  );
  const visits = sites.map((site, siteIndex): Schemas['VisitDto'] => {
    const here = persons
      .map((p, i) => ({ p, id: beneficiaries[i].id }))
      .filter((x) => x.p.siteIndex === siteIndex);
    return {
      id: randomUUID(),
      teamId: team.id,
      siteId: site.id,
      visitedAt: siteIndex < 6 ? '2021-05-26T10:00:00+08:00' : '2021-05-27T10:00:00+08:00',
      notes: `${SITES[siteIndex].name.split(' ')[0]}: condolence visit`,
      beneficiaries: here.map(({ p, id }) => ({
        beneficiaryId: id,
        ...(cashBy.has(id) ? { cash: cashBy.get(id) } : {}),
        ...(p.coats > 0 ? { goods: [{ itemCode: 'cotton-coat', quantity: p.coats }] } : {}),
        ...(p.psychologicalNeed ? { needs: ['psychological' as const] } : {}),
      })),
    };
  });
  // Half the sites had a network; the other half synced later from the device (offline batch).
  const online = visits.slice(0, 6);
  const offline = visits.slice(6);
  for (const visit of online)
    await eventually('visit', () => ok(field.api.POST('/api/visits', { body: visit })));
  s.progress(`${online.length} visits logged online`);
  const batch = await eventually('offline batch', async () => {
    const answer = await ok(field.api.POST('/api/visits/batch', { body: { visits: offline } }));
    const refused = answer.results.filter((r) => r.status === 'rejected');
    if (refused.length > 0)
      throw new ApiError(
        422,
        { statusCode: 422, error: 'Unprocessable Entity', message: JSON.stringify(refused) },
        'POST /api/visits/batch',
      );
    return answer;
  });
  s.progress(
    `${batch.results.length} visits synced through the offline batch endpoint (${batch.results.map((r) => r.status).join(', ')})`,
  );
  const reached = visits.reduce((n, v) => n + v.beneficiaries.length, 0);
  s.progress(
    `${reached} people visited at ${visits.length} sites; ${persons.filter((p) => p.psychologicalNeed).length} asked for psychological support`,
  );
  return { visits, reached };
}
