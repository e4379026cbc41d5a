/*
 * The event catalogue: every event type and version the system publishes.
 *
 * VERSIONING RULE: a published contract never changes. To change an event, ADD a new version
 * (a new `<Name>V2` class and definition), put it in LATEST_EVENT_DEFINITIONS in place of the old
 * one, and move the old definition to SUPERSEDED_EVENT_DEFINITIONS so old messages still parse.
 * Adding an optional field is also a new version: readers strip fields they do not know.
 */
import {
  IncidentReportedV1,
  IncidentStatusChangedV1,
  OrgRegisteredV1,
  SiteRegisteredV1,
  BeneficiaryRegisteredV1,
} from './events/intake.events';
import {
  DiscrepancyReportedV1,
  DiscrepancyReportedV2,
  DisbursementApprovedV1,
  DisbursementCancelledV1,
  DisbursementDeliveredV1,
  DisbursementPartiallyApprovedV1,
  DisbursementRejectedV1,
  DisbursementRequestedV1,
  FundAllocatedV1,
  FundCreatedV1,
  StockDeliveredV1,
  StockReceivedV1,
} from './events/funds.events';
import {
  FollowUpAssignedV1,
  FollowUpClosedV1,
  FollowUpOpenedV1,
  TeamRegisteredV1,
  VisitFlaggedV1,
  VisitLoggedV1,
  VisitVerifiedV1,
} from './events/visits.events';
import {
  AlertClearedV1,
  AlertClearedV2,
  AlertClearedV3,
  AlertRaisedV1,
  AlertRaisedV2,
  AlertRaisedV3,
} from './events/ops.events';
import {
  GrievanceAssignedV1,
  GrievanceClosedV1,
  GrievanceOpenedV1,
  GrievanceOverdueV1,
} from './events/grievances.events';
import {
  AdvanceDrawnV1,
  AdvanceIssuedV1,
  AdvancePartiallyApprovedV1,
  AdvanceRejectedV1,
  AdvanceRequestedV1,
  AdvanceSettledV1,
} from './events/advances.events';
import { VerificationDiscrepancyV1, VerificationDrawnV1 } from './events/verification.events';
import {
  HouseholdAssessedV1,
  HouseholdAtRiskV1,
  HouseholdTierChangedV1,
} from './events/households.events';
import { SystemProbeV1 } from './events/system.events';
import { AuditSealedV1 } from './events/audit.events';
import type { EventEnvelope } from './envelope';
import { TOPICS, type TopicName } from './topics';
import type { PayloadClass } from './validation/fields';

export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TPayload extends object = object,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly topic: TopicName;
  readonly payload: PayloadClass<TPayload>;
  readonly description: string;
}

export function defineEvent<
  const TType extends string,
  const TVersion extends number,
  TPayload extends object,
>(
  definition: EventDefinition<TType, TVersion, TPayload>,
): EventDefinition<TType, TVersion, TPayload> {
  return Object.freeze({ ...definition });
}

/** The newest version of every event type; producers always emit these. */
const LATEST_EVENT_DEFINITIONS = [
  // intake
  defineEvent({
    type: 'org.registered',
    version: 1,
    topic: TOPICS.intake,
    payload: OrgRegisteredV1,
    description: 'A union unit joined the hierarchy; `path` lists the codes from the root to it.',
  }),
  defineEvent({
    type: 'incident.reported',
    version: 1,
    topic: TOPICS.intake,
    payload: IncidentReportedV1,
    description: 'A disaster was reported and an emergency response started.',
  }),
  defineEvent({
    type: 'incident.status_changed',
    version: 1,
    topic: TOPICS.intake,
    payload: IncidentStatusChangedV1,
    description:
      'An incident moved forward in its lifecycle (open → responding → recovery → closed).',
  }),
  defineEvent({
    type: 'site.registered',
    version: 1,
    topic: TOPICS.intake,
    payload: SiteRegisteredV1,
    description: 'A resettlement site, work unit or township was registered for an incident.',
  }),
  defineEvent({
    type: 'beneficiary.registered',
    version: 1,
    topic: TOPICS.intake,
    payload: BeneficiaryRegisteredV1,
    description: 'A front-line worker or affected family was registered (id number masked).',
  }),
  defineEvent({
    type: 'household.assessed',
    version: 1,
    topic: TOPICS.intake,
    payload: HouseholdAssessedV1,
    description:
      'A household was assessed: income, size, shocks, essential spending, tier (id number masked, no note).',
  }),
  defineEvent({
    type: 'household.tier_changed',
    version: 1,
    topic: TOPICS.intake,
    payload: HouseholdTierChangedV1,
    description: 'An assessment moved a household to another tier (to `none`: it left support).',
  }),
  defineEvent({
    type: 'household.at_risk',
    version: 1,
    topic: TOPICS.intake,
    payload: HouseholdAtRiskV1,
    description:
      'A relapse-monitoring rule fired for a household and opened a `relapse_risk` follow-up.',
  }),
  defineEvent({
    type: 'grievance.opened',
    version: 1,
    topic: TOPICS.intake,
    payload: GrievanceOpenedV1,
    description:
      'A grievance was opened, by a person or from a failed payment verification (no description).',
  }),
  defineEvent({
    type: 'grievance.assigned',
    version: 1,
    topic: TOPICS.intake,
    payload: GrievanceAssignedV1,
    description: 'A grievance was assigned to a person.',
  }),
  defineEvent({
    type: 'grievance.closed',
    version: 1,
    topic: TOPICS.intake,
    payload: GrievanceClosedV1,
    description: 'A grievance was closed with an outcome (the outcome text stays in intake).',
  }),
  defineEvent({
    type: 'grievance.overdue',
    version: 1,
    topic: TOPICS.intake,
    payload: GrievanceOverdueV1,
    description:
      'A grievance is still open past its due time (1 day sensitive, 30 days others): ops raises an alert.',
  }),
  // funds
  defineEvent({
    type: 'fund.created',
    version: 1,
    topic: TOPICS.funds,
    payload: FundCreatedV1,
    description: 'A fund was created, directly or as the child fund of an allocation.',
  }),
  defineEvent({
    type: 'fund.allocated',
    version: 1,
    topic: TOPICS.funds,
    payload: FundAllocatedV1,
    description: 'Money was passed down from a fund to a lower-level union unit.',
  }),
  defineEvent({
    type: 'disbursement.requested',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementRequestedV1,
    description: 'Payment of money from a fund to a beneficiary was requested.',
  }),
  defineEvent({
    type: 'disbursement.partially_approved',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementPartiallyApprovedV1,
    description: 'The first of two required approvals was given.',
  }),
  defineEvent({
    type: 'disbursement.approved',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementApprovedV1,
    description: 'A disbursement was approved; its amount is reserved on the fund.',
  }),
  defineEvent({
    type: 'disbursement.rejected',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementRejectedV1,
    description: 'A disbursement request was rejected.',
  }),
  defineEvent({
    type: 'disbursement.cancelled',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementCancelledV1,
    description: 'A disbursement was cancelled; any reservation is released.',
  }),
  defineEvent({
    type: 'disbursement.delivered',
    version: 1,
    topic: TOPICS.funds,
    payload: DisbursementDeliveredV1,
    description: 'The cash of an approved disbursement was handed over during a visit.',
  }),
  defineEvent({
    type: 'stock.received',
    version: 1,
    topic: TOPICS.funds,
    payload: StockReceivedV1,
    description: 'In-kind goods were received into a union unit’s stock.',
  }),
  defineEvent({
    type: 'stock.delivered',
    version: 1,
    topic: TOPICS.funds,
    payload: StockDeliveredV1,
    description: 'In-kind goods were handed over to a beneficiary during a visit.',
  }),
  defineEvent({
    type: 'discrepancy.reported',
    version: 2,
    topic: TOPICS.funds,
    payload: DiscrepancyReportedV2,
    description:
      'Cash or goods handed over did not match what was expected, or a cash advance was settled short (`advanceId`).',
  }),
  defineEvent({
    type: 'advance.requested',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvanceRequestedV1,
    description: 'A field team asked to carry approved, undelivered money of a fund in cash.',
  }),
  defineEvent({
    type: 'advance.partially_approved',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvancePartiallyApprovedV1,
    description: 'The first of two required approvals of a cash advance was given.',
  }),
  defineEvent({
    type: 'advance.issued',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvanceIssuedV1,
    description: 'A cash advance was approved: reserved money is in the team’s custody.',
  }),
  defineEvent({
    type: 'advance.rejected',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvanceRejectedV1,
    description: 'A cash advance request was rejected.',
  }),
  defineEvent({
    type: 'advance.drawn',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvanceDrawnV1,
    description: 'Cash handed over at a visit drew the team’s advance down.',
  }),
  defineEvent({
    type: 'advance.settled',
    version: 1,
    topic: TOPICS.funds,
    payload: AdvanceSettledV1,
    description:
      'A cash advance was closed: balanced (settled) or short and accepted by an approver (discrepancy).',
  }),
  defineEvent({
    type: 'verification.drawn',
    version: 1,
    topic: TOPICS.funds,
    payload: VerificationDrawnV1,
    description:
      'A reproducible random sample of delivered disbursements was drawn for verification.',
  }),
  defineEvent({
    type: 'verification.discrepancy',
    version: 1,
    topic: TOPICS.funds,
    payload: VerificationDiscrepancyV1,
    description:
      'A re-contacted recipient did not receive the money, or received it with issues (a payment-verification grievance).',
  }),
  // visits
  defineEvent({
    type: 'team.registered',
    version: 1,
    topic: TOPICS.visits,
    payload: TeamRegisteredV1,
    description: 'A field team was formed and assigned to sites.',
  }),
  defineEvent({
    type: 'visit.logged',
    version: 1,
    topic: TOPICS.visits,
    payload: VisitLoggedV1,
    description:
      'A welfare visit was logged: who was visited, cash and goods handed over, needs found.',
  }),
  defineEvent({
    type: 'visit.verified',
    version: 1,
    topic: TOPICS.visits,
    payload: VisitVerifiedV1,
    description: 'A visit pending verification was verified.',
  }),
  defineEvent({
    type: 'visit.flagged',
    version: 1,
    topic: TOPICS.visits,
    payload: VisitFlaggedV1,
    description: 'A visit was flagged for review.',
  }),
  defineEvent({
    type: 'followup.opened',
    version: 1,
    topic: TOPICS.visits,
    payload: FollowUpOpenedV1,
    description: 'Follow-up work was opened for a need found (e.g. psychological support).',
  }),
  defineEvent({
    type: 'followup.assigned',
    version: 1,
    topic: TOPICS.visits,
    payload: FollowUpAssignedV1,
    description: 'A follow-up was assigned to a person.',
  }),
  defineEvent({
    type: 'followup.closed',
    version: 1,
    topic: TOPICS.visits,
    payload: FollowUpClosedV1,
    description: 'A follow-up was closed with an outcome.',
  }),
  // ops
  defineEvent({
    type: 'alert.raised',
    version: 3,
    topic: TOPICS.ops,
    payload: AlertRaisedV3,
    description:
      'The ops monitor raised an alert (backlog age, unvisited site, discrepancy, DLQ, lag, unsettled advance, failed verification, overdue grievance).',
  }),
  defineEvent({
    type: 'alert.cleared',
    version: 3,
    topic: TOPICS.ops,
    payload: AlertClearedV3,
    description: 'The condition behind an alert no longer holds.',
  }),
  defineEvent({
    type: 'system.probe',
    version: 1,
    topic: TOPICS.ops,
    payload: SystemProbeV1,
    description: 'Harmless probe for the messaging spine’s tests, benchmark and health checks.',
  }),
  // audit
  defineEvent({
    type: 'audit.sealed',
    version: 1,
    topic: TOPICS.audit,
    payload: AuditSealedV1,
    description:
      'A batch of a service’s audit log was sealed: Merkle root and Ed25519-signed head, chained to the previous head.',
  }),
] as const;

/** Older versions that can still arrive on a topic. */
const SUPERSEDED_EVENT_DEFINITIONS = [
  defineEvent({
    type: 'alert.raised',
    version: 2,
    topic: TOPICS.ops,
    payload: AlertRaisedV2,
    description:
      'The ops monitor raised an alert (backlog age, unvisited site, discrepancy, DLQ, lag, unsettled advance, failed verification).',
  }),
  defineEvent({
    type: 'alert.cleared',
    version: 2,
    topic: TOPICS.ops,
    payload: AlertClearedV2,
    description: 'The condition behind an alert no longer holds.',
  }),
  defineEvent({
    type: 'discrepancy.reported',
    version: 1,
    topic: TOPICS.funds,
    payload: DiscrepancyReportedV1,
    description: 'Cash or goods handed over did not match what was expected.',
  }),
  defineEvent({
    type: 'alert.raised',
    version: 1,
    topic: TOPICS.ops,
    payload: AlertRaisedV1,
    description:
      'The ops monitor raised an alert (backlog age, unvisited site, discrepancy, DLQ, lag).',
  }),
  defineEvent({
    type: 'alert.cleared',
    version: 1,
    topic: TOPICS.ops,
    payload: AlertClearedV1,
    description: 'The condition behind an alert no longer holds.',
  }),
] as const;

export const EVENT_CATALOGUE = Object.freeze([
  ...LATEST_EVENT_DEFINITIONS,
  ...SUPERSEDED_EVENT_DEFINITIONS,
] as const);

type LatestDefinition = (typeof LATEST_EVENT_DEFINITIONS)[number];
type CatalogueDefinition = (typeof EVENT_CATALOGUE)[number];

/** Event type → payload (instance type of the latest version's class). */
export type EventPayloads = {
  [D in LatestDefinition as D['type']]: D extends EventDefinition<string, number, infer P>
    ? P
    : never;
};

export type EventType = keyof EventPayloads;

type EnvelopeHeader = Omit<EventEnvelope, 'type' | 'version' | 'data'>;

/** An envelope whose `type` and `data` agree, at the latest version of that type. */
export type TypedEvent<T extends EventType> = EnvelopeHeader & {
  type: T;
  version: number;
  data: EventPayloads[T];
};

/** Any event in the catalogue (every version); `switch (event.type)` narrows `data`. */
export type AnyTypedEvent = CatalogueDefinition extends infer D
  ? D extends EventDefinition<infer T, infer V, infer P>
    ? EnvelopeHeader & { type: T; version: V; data: P }
    : never
  : never;

export type AnyEventDefinition = EventDefinition;

const definitionsByKey = new Map<string, AnyEventDefinition>();
const latestByType = new Map<string, AnyEventDefinition>();

function catalogueKey(type: string, version: number): string {
  return `${type}@${version}`;
}

// Fails at load time rather than letting a duplicate or misplaced version reach production.
for (const definition of EVENT_CATALOGUE as readonly AnyEventDefinition[]) {
  const key = catalogueKey(definition.type, definition.version);
  if (definitionsByKey.has(key)) throw new Error(`Event catalogue lists ${key} twice`);
  definitionsByKey.set(key, definition);
}
for (const definition of LATEST_EVENT_DEFINITIONS as readonly AnyEventDefinition[]) {
  if (latestByType.has(definition.type)) {
    throw new Error(`Event catalogue lists ${definition.type} twice among the latest versions`);
  }
  latestByType.set(definition.type, definition);
}
for (const definition of EVENT_CATALOGUE as readonly AnyEventDefinition[]) {
  const latest = latestByType.get(definition.type);
  if (!latest || latest.version < definition.version) {
    throw new Error(
      `Event catalogue: ${definition.type} v${definition.version} is newer than its latest entry`,
    );
  }
}

export const EVENT_TYPES: readonly EventType[] = [...latestByType.keys()] as EventType[];

export function findEventDefinition(type: string, version: number): AnyEventDefinition | undefined {
  return definitionsByKey.get(catalogueKey(type, version));
}

export function isEventType(value: string): value is EventType {
  return latestByType.has(value);
}

export function latestEventDefinition<T extends EventType>(
  type: T,
): EventDefinition<T, number, EventPayloads[T]> {
  const definition = latestByType.get(type);
  if (!definition) throw new Error(`Unknown event type: ${type}`);
  return definition as EventDefinition<T, number, EventPayloads[T]>;
}

export function topicOf(type: EventType): TopicName {
  return latestEventDefinition(type).topic;
}
