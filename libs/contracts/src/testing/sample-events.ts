// Sample data for every event type, modelled on the Maduo earthquake response (DOMAIN.md).
// Exported for other libraries' tests; keep every entry valid against its payload class.
import type { EventPayloads, EventType, TypedEvent } from '../catalogue';
import { createEvent, type CreateEventInput } from '../create-event';

/** Fixed ids, so tests in different libraries can cross-reference the samples. */
export const SAMPLE_IDS = {
  incident: '5d0c7e4a-6f1b-4c2e-9a3d-1b2c3d4e5f60',
  site: '6e1d8f5b-7a2c-4d3f-8b4e-2c3d4e5f6a71',
  beneficiary: '7f2e9a6c-8b3d-4e4a-9c5f-3d4e5f6a7b82',
  fund: '8a3f0b7d-9c4e-4f5b-8d6a-4e5f6a7b8c93',
  childFund: '9b4a1c8e-0d5f-4a6c-9e7b-5f6a7b8c9da4',
  allocation: 'ac5b2d9f-1e6a-4b7d-8f8c-6a7b8c9d0eb5',
  disbursement: 'bd6c3e0a-2f7b-4c8e-9a9d-7b8c9d0e1fc6',
  team: 'ce7d4f1b-3a8c-4d9f-8bae-8c9d0e1f2ad7',
  visit: 'df8e5a2c-4b9d-4eaa-9cbf-9d0e1f2a3be8',
  followUp: 'e09f6b3d-5cae-4fbb-8dc0-0e1f2a3b4cf9',
  stockReceipt: 'f1a07c4e-6dbf-4acc-9ed1-1f2a3b4c5d0a',
  alert: '02b18d5f-7ec0-4bdd-8fe2-2a3b4c5d6e1b',
} as const;

const PROVINCE = 'QH';
const PREFECTURE = 'QH-GL';
const COUNTY = 'QH-GL-MD';

const sampleData: { readonly [T in EventType]: EventPayloads[T] } = {
  'org.registered': {
    code: COUNTY,
    name: '玛多县总工会',
    level: 'county',
    parentCode: PREFECTURE,
    path: ['ACFTU', PROVINCE, PREFECTURE, COUNTY],
  },
  'incident.reported': {
    incidentId: SAMPLE_IDS.incident,
    title: '青海玛多7.4级地震',
    kind: 'earthquake',
    occurredAt: '2021-05-22T02:04:00+08:00',
    magnitude: 7.4,
    epicenter: { lat: 34.59, lon: 98.34 },
    areaCodes: ['632626'],
    responseLevel: 'II',
    leadOrgCode: PROVINCE,
    status: 'open',
  },
  'incident.status_changed': {
    incidentId: SAMPLE_IDS.incident,
    from: 'open',
    to: 'responding',
    leadOrgCode: PROVINCE,
  },
  'site.registered': {
    siteId: SAMPLE_IDS.site,
    incidentId: SAMPLE_IDS.incident,
    name: '扎陵湖乡安置点',
    kind: 'resettlement',
    areaCode: '632626',
    location: { lat: 34.87, lon: 97.6 },
    orgCode: COUNTY,
    registeredAt: '2021-05-23T09:00:00+08:00',
  },
  'beneficiary.registered': {
    beneficiaryId: SAMPLE_IDS.beneficiary,
    incidentId: SAMPLE_IDS.incident,
    siteId: SAMPLE_IDS.site,
    idNumberMasked: '632626********123X',
    category: 'affected_family',
    tier: 'deep',
    householdSize: 4,
    orgCode: COUNTY,
  },
  'fund.created': {
    fundId: SAMPLE_IDS.fund,
    code: 'QH-2021-MD-01',
    name: '玛多地震专款',
    source: 'union',
    purpose: 'condolence',
    ownerOrgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
    amountFen: 33_500_000,
  },
  'fund.allocated': {
    allocationId: SAMPLE_IDS.allocation,
    fromFundId: SAMPLE_IDS.fund,
    toFundId: SAMPLE_IDS.childFund,
    fromOrgCode: PROVINCE,
    toOrgCode: COUNTY,
    amountFen: 3_000_000,
    purpose: 'special working funds',
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.requested': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    beneficiaryId: SAMPLE_IDS.beneficiary,
    amountFen: 100_000,
    purpose: 'condolence money',
    requestedBy: 'user-field-01',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.partially_approved': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    approvedBy: ['user-approver-01'],
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.approved': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    beneficiaryId: SAMPLE_IDS.beneficiary,
    amountFen: 100_000,
    approvedBy: ['user-approver-01', 'user-approver-02'],
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.rejected': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    amountFen: 100_000,
    reason: 'Beneficiary already helped from another fund',
    rejectedBy: 'user-approver-01',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.cancelled': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    amountFen: 100_000,
    cancelledBy: 'user-finance-01',
    reason: 'Duplicate request',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'disbursement.delivered': {
    disbursementId: SAMPLE_IDS.disbursement,
    fundId: SAMPLE_IDS.fund,
    beneficiaryId: SAMPLE_IDS.beneficiary,
    visitId: SAMPLE_IDS.visit,
    amountFen: 100_000,
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'stock.received': {
    receiptId: SAMPLE_IDS.stockReceipt,
    orgCode: PROVINCE,
    itemCode: 'COTTON-COAT',
    name: '棉衣',
    quantity: 100,
    incidentId: SAMPLE_IDS.incident,
  },
  'stock.delivered': {
    orgCode: PROVINCE,
    itemCode: 'COTTON-COAT',
    quantity: 1,
    visitId: SAMPLE_IDS.visit,
    beneficiaryId: SAMPLE_IDS.beneficiary,
    incidentId: SAMPLE_IDS.incident,
  },
  'discrepancy.reported': {
    kind: 'cash',
    visitId: SAMPLE_IDS.visit,
    disbursementId: SAMPLE_IDS.disbursement,
    expected: 100_000,
    actual: 90_000,
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
    reason: 'Amount handed over differs from the approved amount',
  },
  'team.registered': {
    teamId: SAMPLE_IDS.team,
    name: '省总工会慰问组',
    orgCode: PROVINCE,
    memberIds: ['user-field-01', 'user-field-02'],
    siteIds: [SAMPLE_IDS.site],
  },
  'visit.logged': {
    visitId: SAMPLE_IDS.visit,
    teamId: SAMPLE_IDS.team,
    siteId: SAMPLE_IDS.site,
    incidentId: SAMPLE_IDS.incident,
    orgCode: PROVINCE,
    visitedAt: '2021-05-26T10:30:00+08:00',
    status: 'accepted',
    beneficiaries: [
      {
        beneficiaryId: SAMPLE_IDS.beneficiary,
        cash: { disbursementId: SAMPLE_IDS.disbursement, amountFen: 100_000 },
        goods: [{ itemCode: 'COTTON-COAT', quantity: 1 }],
        needs: ['psychological'],
        receiptSha256: 'a'.repeat(64),
      },
    ],
  },
  'visit.verified': {
    visitId: SAMPLE_IDS.visit,
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'visit.flagged': {
    visitId: SAMPLE_IDS.visit,
    reason: 'Receipt photo missing',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'followup.opened': {
    followUpId: SAMPLE_IDS.followUp,
    visitId: SAMPLE_IDS.visit,
    beneficiaryId: SAMPLE_IDS.beneficiary,
    siteId: SAMPLE_IDS.site,
    incidentId: SAMPLE_IDS.incident,
    kind: 'psychological',
    dueAt: '2021-06-10T00:00:00+08:00',
    orgCode: PROVINCE,
  },
  'followup.assigned': {
    followUpId: SAMPLE_IDS.followUp,
    assigneeId: 'user-counsellor-01',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'followup.closed': {
    followUpId: SAMPLE_IDS.followUp,
    outcome: 'Two counselling sessions held',
    orgCode: PROVINCE,
    incidentId: SAMPLE_IDS.incident,
  },
  'alert.raised': {
    alertId: SAMPLE_IDS.alert,
    rule: 'approval_age',
    severity: 'warning',
    subjectType: 'disbursement',
    subjectId: SAMPLE_IDS.disbursement,
    message: 'Disbursement waiting for approval for more than 24 hours',
    incidentId: SAMPLE_IDS.incident,
    orgCode: PROVINCE,
  },
  'alert.cleared': {
    alertId: SAMPLE_IDS.alert,
    rule: 'approval_age',
    subjectId: SAMPLE_IDS.disbursement,
  },
  'system.probe': { seq: 0, note: 'sample' },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Valid `data` for every event type; frozen so one test cannot spoil another's fixture. */
export const sampleEventData = deepFreeze(sampleData);

/** A complete sample envelope of `type`; `overrides` replace envelope fields (and `data` wholesale). */
export function sampleEvent<T extends EventType>(
  type: T,
  overrides: Partial<CreateEventInput<T>> = {},
): TypedEvent<T> {
  return createEvent(type, {
    aggregateId: 'sample-aggregate',
    correlationId: 'sample-correlation',
    producer: 'sample-producer',
    data: structuredClone(sampleEventData[type]),
    ...overrides,
  });
}
