// The rules a new visit must pass, split into what they read (loaded once for one visit or a
// whole batch, a few set-based queries) and the check itself (pure, per visit).
import { fenFromPg } from '@aidflow/database';
import { ErrorDetail } from '@aidflow/platform';
import { WriteTransaction } from '@aidflow/service-kit';
import { ReplicatedDisbursementStatus } from '../replicas/disbursements/disbursement-replica.entity';
import { Team } from '../teams/team.entity';
import { NormalizedVisit } from './visit-content';
import { CashVerification } from './visit.entity';
import { HandedOverCash, VisitRejection } from './visit-rejection';

/** A device clock may run ahead of ours by this much; further ahead is a wrong clock or a typo. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;

interface DisbursementRow {
  id: string;
  beneficiary_id: string | null;
  amount_fen: string;
  status: ReplicatedDisbursementStatus;
}

/** One cash handover of a visit, as checked against the disbursement replica. */
export type CashLine = {
  position: number;
  beneficiaryId: string;
  disbursementId: string;
  amountFen: number;
  verification: CashVerification;
};

/** What the rules read, for every visit of a batch at once. */
export interface RuleContext {
  sites: Map<string, { incidentId: string }>;
  incidentOccurredAt: Map<string, Date>;
  beneficiaryIncident: Map<string, string>;
  disbursements: Map<string, DisbursementRow>;
}

export interface CheckedVisit {
  incidentId: string;
  cash: CashLine[];
}

/**
 * Loads sites, incidents, beneficiaries and (locked first, in one order) the disbursements the
 * visits name. The locks make an approval event arriving meanwhile wait for these visits.
 */
export async function loadRuleContext(
  tx: WriteTransaction,
  visits: readonly NormalizedVisit[],
): Promise<RuleContext> {
  const manager = tx.manager;
  const siteIds = [...new Set(visits.map((v) => v.siteId))];
  const beneficiaryIds = [
    ...new Set(visits.flatMap((v) => v.beneficiaries.map((b) => b.beneficiaryId))),
  ];
  const disbursementIds = [
    ...new Set(
      visits.flatMap((v) =>
        v.beneficiaries.flatMap((b) => (b.cash ? [b.cash.disbursementId] : [])),
      ),
    ),
  ];
  const sites = await manager.query<
    { id: string; incident_id: string; occurred_at: Date | null }[]
  >(
    `SELECT s.id, s.incident_id, i.occurred_at
       FROM site_replica s LEFT JOIN incident_replica i ON i.id = s.incident_id
      WHERE s.id = ANY($1::uuid[])`,
    [siteIds],
  );
  const beneficiaries = await manager.query<{ id: string; incident_id: string }[]>(
    `SELECT id, incident_id FROM beneficiary_replica WHERE id = ANY($1::uuid[])`,
    [beneficiaryIds],
  );
  let disbursements: DisbursementRow[] = [];
  if (disbursementIds.length > 0) {
    await tx.lock('disbursement', disbursementIds);
    disbursements = await manager.query<DisbursementRow[]>(
      `SELECT id, beneficiary_id, amount_fen, status FROM disbursement_replica WHERE id = ANY($1::uuid[])`,
      [disbursementIds],
    );
  }
  return {
    sites: new Map(sites.map((s) => [s.id, { incidentId: s.incident_id }])),
    incidentOccurredAt: new Map(
      sites.flatMap((s) => (s.occurred_at ? [[s.incident_id, s.occurred_at] as const] : [])),
    ),
    beneficiaryIncident: new Map(beneficiaries.map((b) => [b.id, b.incident_id])),
    disbursements: new Map(disbursements.map((d) => [d.id, d])),
  };
}

/** Every rule at once: throws a VisitRejection naming each problem, or returns what to store. */
export function checkVisitRules(
  context: RuleContext,
  team: Team,
  visit: NormalizedVisit,
  at: (field: string) => string,
  now = Date.now(),
): CheckedVisit {
  const details: ErrorDetail[] = [];
  const site = team.siteIds.includes(visit.siteId) ? context.sites.get(visit.siteId) : undefined;
  if (!site) details.push({ field: at('siteId'), problem: "is not one of the team's sites" });
  const occurredAt = site ? context.incidentOccurredAt.get(site.incidentId) : undefined;
  if (site && !occurredAt) {
    details.push({
      field: at('siteId'),
      problem: 'belongs to an incident this service has not heard of yet; resend later',
    });
  }
  const visitedAt = new Date(visit.visitedAt).getTime();
  if (visitedAt > now + MAX_CLOCK_SKEW_MS) {
    details.push({ field: at('visitedAt'), problem: 'is more than 10 minutes in the future' });
  }
  if (occurredAt && visitedAt < occurredAt.getTime()) {
    details.push({
      field: at('visitedAt'),
      problem: `is before the incident occurred (${occurredAt.toISOString()})`,
    });
  }

  const seenBeneficiaries = new Set<string>();
  const seenDisbursements = new Set<string>();
  for (const [i, b] of visit.beneficiaries.entries()) {
    const field = at(`beneficiaries.${i}.beneficiaryId`);
    const incidentId = context.beneficiaryIncident.get(b.beneficiaryId);
    if (seenBeneficiaries.has(b.beneficiaryId)) {
      details.push({ field, problem: 'is listed more than once in this visit' });
    } else if (incidentId === undefined) {
      details.push({ field, problem: 'is not a registered beneficiary' });
    } else if (site && incidentId !== site.incidentId) {
      details.push({ field, problem: "does not belong to the site's incident" });
    }
    seenBeneficiaries.add(b.beneficiaryId);
    if (b.cash) {
      if (seenDisbursements.has(b.cash.disbursementId)) {
        details.push({
          field: at(`beneficiaries.${i}.cash.disbursementId`),
          problem: 'is handed over more than once in this visit',
        });
      }
      seenDisbursements.add(b.cash.disbursementId);
    }
  }

  const cash: CashLine[] = [];
  const handedOver: HandedOverCash[] = [];
  for (const [i, b] of visit.beneficiaries.entries()) {
    if (!b.cash) continue;
    const row = context.disbursements.get(b.cash.disbursementId);
    const line = { position: i, beneficiaryId: b.beneficiaryId, ...b.cash };
    // Not seen yet: the back office may be behind the field; verified when its events arrive.
    if (!row) {
      cash.push({ ...line, verification: 'pending' });
      continue;
    }
    const idField = at(`beneficiaries.${i}.cash.disbursementId`);
    if (row.status === 'delivered') handedOver.push({ disbursementId: row.id, field: idField });
    if (row.status !== 'approved') {
      details.push({
        field: idField,
        problem:
          row.status === 'delivered'
            ? 'has already been handed over'
            : `is ${row.status}, not approved`,
      });
    } else if (row.beneficiary_id !== b.beneficiaryId) {
      details.push({ field: idField, problem: 'is not a disbursement of this beneficiary' });
    } else if (fenFromPg(row.amount_fen) !== b.cash.amountFen) {
      details.push({
        field: at(`beneficiaries.${i}.cash.amountFen`),
        problem: `must equal the approved amount of ${row.amount_fen} fen`,
      });
    }
    cash.push({ ...line, verification: 'verified' });
  }
  if (details.length > 0) {
    throw new VisitRejection('unprocessable', 'the visit breaks visit rules', details, handedOver);
  }
  if (!site) throw new Error('unreachable: a visit without a site passed the rules');
  return { incidentId: site.incidentId, cash };
}
