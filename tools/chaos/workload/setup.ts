// Before the faults: the union tree, an incident with its sites, a team, the fund with its coats.
import { ApiError, idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import { ORGS, SITES } from '../../scenario/maduo-data';
import { createScenario, type User } from '../../scenario/scenario';
import { persist, SCOPE_NOT_YET } from './persist';
import { Plan } from './plan';

export interface ChaosUsers {
  admin: User;
  ops: User;
  finance: User;
  approver: User;
  approver2: User;
  field: User;
}

export interface Setup {
  users: ChaosUsers;
  incidentId: string;
  sites: Schemas['SiteView'][];
  teamId: string;
  fundId: string;
}

export async function setUp(baseUrl: string, secret: string, plan: Plan): Promise<Setup> {
  const s = createScenario(baseUrl, secret);
  const users: ChaosUsers = {
    admin: await s.user('chaos-admin', 'chaos admin', ['admin', 'ops'], 'ACFTU'),
    ops: await s.user('chaos-ops', 'chaos ops', ['ops'], 'QH'),
    finance: await s.user('chaos-finance', 'chaos finance', ['finance'], 'QH'),
    approver: await s.user('chaos-approver-1', 'chaos approver 1', ['approver'], 'QH'),
    approver2: await s.user('chaos-approver-2', 'chaos approver 2', ['approver'], 'QH'),
    field: await s.user('chaos-field', 'chaos field', ['field'], 'QH'),
  };
  for (const org of ORGS)
    await ok(users.admin.api.POST('/api/orgs', { body: org })).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    });
  const incident = await ok(
    users.ops.api.POST('/api/incidents', {
      body: {
        title: `chaos run ${plan.runId}`,
        kind: 'earthquake',
        occurredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
        magnitude: 6.1,
        epicenter: { lat: 34.59, lon: 98.34 },
        areaCodes: ['632626'],
        responseLevel: 'II',
        leadOrgCode: 'QH',
      },
    }),
  );
  const sites: Schemas['SiteView'][] = [];
  for (const site of SITES.slice(0, plan.sites))
    sites.push(
      await ok(
        users.ops.api.POST('/api/incidents/{id}/sites', {
          params: { path: { id: incident.id } },
          body: { ...site, areaCode: '632626' },
        }),
      ),
    );
  const team = await persist(
    'team',
    () =>
      ok(
        users.ops.api.POST('/api/teams', {
          body: {
            name: `chaos team ${plan.runId}`,
            orgCode: 'QH',
            memberIds: ['chaos-field'],
            siteIds: sites.map((x) => x.id),
          },
        }),
      ),
    SCOPE_NOT_YET,
  );
  const fund = await persist(
    'fund',
    () =>
      ok(
        users.finance.api.POST('/api/funds', {
          params: { header: idempotencyKey(`chaos-${plan.runId}-fund`) },
          body: {
            code: `CHAOS-${plan.runId}`,
            name: `chaos fund ${plan.runId}`,
            source: 'union',
            purpose: 'condolence',
            ownerOrgCode: 'QH',
            incidentId: incident.id,
            amountFen: plan.fundFen,
          },
        }),
      ),
    SCOPE_NOT_YET,
  );
  await persist(
    'coats',
    () =>
      ok(
        users.finance.api.POST('/api/stock/receipts', {
          params: { header: idempotencyKey(`chaos-${plan.runId}-coats`) },
          body: {
            orgCode: 'QH',
            itemCode: 'cotton-coat',
            name: '棉衣 cotton coat',
            quantity: plan.coats,
          },
        }),
      ),
    SCOPE_NOT_YET,
  );
  return {
    users,
    incidentId: incident.id,
    sites,
    teamId: team.id,
    fundId: fund.id,
  };
}
