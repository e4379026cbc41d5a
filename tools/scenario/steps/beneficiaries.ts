import { ok, type Schemas } from '@aidflow/api-client';
import type { Person } from '../maduo-data';
import { inParallel, type Scenario, type User } from '../scenario';

/** 4. The people affected, registered by the field team (resident ids stored encrypted). */
export async function registerPeople(
  s: Scenario,
  field: User,
  incidentId: string,
  sites: Schemas['SiteView'][],
  persons: Person[],
): Promise<Schemas['BeneficiaryView'][]> {
  const beneficiaries = await inParallel(persons, 8, (p) =>
    ok(
      field.api.POST('/api/beneficiaries', {
        body: {
          incidentId,
          siteId: sites[p.siteIndex].id,
          fullName: p.fullName,
          idNumber: p.idNumber,
          category: p.category,
          tier: p.tier,
          householdSize: p.householdSize,
          ...(p.phone ? { phone: p.phone } : {}),
          ...(p.employer ? { employer: p.employer } : {}),
          consent: true,
        },
      }),
    ),
  );
  s.progress(
    `${beneficiaries.length} front-line workers and affected families registered (resident ids stored encrypted)`,
  );
  return beneficiaries;
}
