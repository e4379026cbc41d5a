// "Prepare for the field" (online): the user's teams and their sites, the beneficiaries there
// (masked ids only: the API never returns more), the open relapse risks of those households, their
// approved undelivered disbursements and the team's stock — replacing what the device held before,
// never touching the visit or grievance queue.
import {
  fieldDb,
  setMeta,
  type FieldBeneficiary,
  type FieldDisbursement,
  type FieldRisk,
  type FieldSite,
  type RelapseRuleCode,
} from './db';
import { fieldCall, fieldPages, type FieldResponse } from './field-api';

export interface PrepareProgress {
  step:
    'teams' | 'sites' | 'beneficiaries' | 'risks' | 'disbursements' | 'stock' | 'saving' | 'done';
  /** Rows downloaded in this step so far. */
  count: number;
}

export type PrepareOutcome =
  | {
      kind: 'done';
      sites: number;
      beneficiaries: number;
      risks: number;
      disbursements: number;
      stock: number;
    }
  | { kind: 'no-team' }
  | Exclude<FieldResponse<unknown>, { kind: 'ok' }>;

/** GET /api/teams/mine: the caller's teams with their sites (names and incidents). */
interface TeamView {
  id: string;
  name: string;
  orgCode: string;
  siteIds: string[];
  sites: { id: string; incidentId: string; name: string }[];
}
interface BeneficiaryView {
  id: string;
  siteId?: string;
  fullName: string;
  idNumberMasked: string;
  householdSize: number;
  tier: string;
}
/** GET /api/monitoring/risks: an open relapse_risk follow-up (its reason is English figures). */
interface RiskView {
  id: string;
  beneficiaryId: string;
  ruleCode: RelapseRuleCode;
  openedAt: string;
}
interface DisbursementView {
  id: string;
  beneficiaryId: string;
  amountFen: number;
}
interface StockView {
  itemCode: string;
  name: string;
  onHand: number;
}

export async function prepareForField(
  onProgress: (p: PrepareProgress) => void,
): Promise<PrepareOutcome> {
  onProgress({ step: 'teams', count: 0 });
  const teams = await fieldCall<TeamView[]>('GET', '/api/teams/mine');
  if (teams.kind !== 'ok') return teams;
  if (teams.body.length === 0) return { kind: 'no-team' };
  onProgress({ step: 'teams', count: teams.body.length });

  const sites: FieldSite[] = [];
  for (const team of teams.body) {
    for (const site of team.sites) sites.push({ ...site, teamId: team.id });
  }
  onProgress({ step: 'sites', count: sites.length });

  const beneficiaries: FieldBeneficiary[] = [];
  for (const site of sites) {
    const page = await fieldPages<BeneficiaryView>(
      `/api/beneficiaries?siteId=${site.id}&incidentId=${site.incidentId}`,
      (n) => onProgress({ step: 'beneficiaries', count: beneficiaries.length + n }),
    );
    if (page.kind !== 'ok') return page;
    for (const b of page.items) {
      beneficiaries.push({
        id: b.id,
        siteId: site.id,
        fullName: b.fullName,
        idNumberMasked: b.idNumberMasked,
        householdSize: b.householdSize,
        tier: b.tier,
      });
    }
  }

  const here = new Set(beneficiaries.map((b) => b.id));
  const risks: FieldRisk[] = [];
  for (const site of sites) {
    const page = await fieldPages<RiskView>(
      `/api/monitoring/risks?status=open&siteId=${site.id}&incidentId=${site.incidentId}`,
      (n) => onProgress({ step: 'risks', count: risks.length + n }),
    );
    if (page.kind !== 'ok') return page;
    for (const r of page.items.filter((x) => here.has(x.beneficiaryId)))
      risks.push({
        id: r.id,
        beneficiaryId: r.beneficiaryId,
        siteId: site.id,
        ruleCode: r.ruleCode,
        openedAt: r.openedAt,
      });
  }

  const approved = await fieldPages<DisbursementView>('/api/disbursements?status=approved', (n) =>
    onProgress({ step: 'disbursements', count: n }),
  );
  if (approved.kind !== 'ok') return approved;
  const disbursements: FieldDisbursement[] = approved.items
    .filter((d) => here.has(d.beneficiaryId))
    .map((d) => ({ id: d.id, beneficiaryId: d.beneficiaryId, amountFen: d.amountFen }));

  const stock: StockView[] = [];
  for (const orgCode of new Set(teams.body.map((t) => t.orgCode))) {
    const page = await fieldPages<StockView>(
      `/api/stock?orgCode=${encodeURIComponent(orgCode)}`,
      (n) => onProgress({ step: 'stock', count: stock.length + n }),
    );
    if (page.kind !== 'ok') return page;
    stock.push(...page.items);
  }

  onProgress({ step: 'saving', count: beneficiaries.length });
  const db = fieldDb();
  await db.transaction(
    'rw',
    [db.teams, db.sites, db.beneficiaries, db.risks, db.disbursements, db.stock, db.meta],
    async () => {
      await Promise.all([
        db.teams.clear(),
        db.sites.clear(),
        db.beneficiaries.clear(),
        db.risks.clear(),
        db.disbursements.clear(),
        db.stock.clear(),
      ]);
      await db.teams.bulkPut(
        teams.body.map((t) => ({ id: t.id, name: t.name, orgCode: t.orgCode, siteIds: t.siteIds })),
      );
      await db.sites.bulkPut(sites);
      await db.beneficiaries.bulkPut(beneficiaries);
      await db.risks.bulkPut(risks);
      await db.disbursements.bulkPut(disbursements);
      await db.stock.bulkPut(
        stock.map((s) => ({ itemCode: s.itemCode, name: s.name, onHand: s.onHand })),
      );
      await setMeta('preparedAt', new Date().toISOString());
    },
  );
  onProgress({ step: 'done', count: beneficiaries.length });
  return {
    kind: 'done',
    sites: sites.length,
    beneficiaries: beneficiaries.length,
    risks: risks.length,
    disbursements: disbursements.length,
    stock: stock.length,
  };
}

/** Asks the browser to keep this origin's storage under pressure; reports the answer and usage. */
export async function storageStatus(
  ask: boolean,
): Promise<{ persisted: boolean | null; usage?: number; quota?: number }> {
  if (!navigator.storage) return { persisted: null };
  const persisted =
    ask && navigator.storage.persist
      ? await navigator.storage.persist()
      : await navigator.storage.persisted?.();
  const estimate = await navigator.storage.estimate?.();
  return {
    persisted: persisted ?? null,
    ...(estimate?.usage !== undefined ? { usage: estimate.usage } : {}),
    ...(estimate?.quota !== undefined ? { quota: estimate.quota } : {}),
  };
}
