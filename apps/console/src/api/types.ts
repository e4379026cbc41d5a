// Response shapes the console reads (contract v1). Hand-written until the generated client lands;
// then these become re-exports of its schema types.
export type Role = 'field' | 'finance' | 'approver' | 'ops' | 'admin';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; problem: string }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Balances {
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

export type FundSource = 'central_fiscal' | 'local_fiscal' | 'union';
export type FundPurpose = 'condolence' | 'working' | 'relief' | 'other';

export interface Fund extends Balances {
  id: string;
  code: string;
  name: string;
  source: FundSource;
  purpose: FundPurpose;
  ownerOrgCode: string;
  incidentId?: string;
  parentFundId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Reconciliation extends Balances {
  fundId: string;
  code: string;
  ownerOrgCode: string;
  balanced: boolean;
  ledgerConsistent: boolean;
  allocations: {
    allocationId: string;
    toFundId: string;
    toOrgCode: string;
    amountFen: number;
    createdAt: string;
  }[];
  asOf: string;
}

export interface Allocation {
  id: string;
  fromFundId: string;
  toFundId: string;
  toOrgCode: string;
  amountFen: number;
  childFund: Fund;
}

export const DISBURSEMENT_STATUSES = [
  'requested',
  'partially_approved',
  'approved',
  'rejected',
  'cancelled',
  'delivered',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

export interface HistoryEntry {
  action: DisbursementStatus;
  actor?: { sub: string; name?: string };
  at: string;
  reason?: string;
  visitId?: string;
}

export interface Disbursement {
  id: string;
  fundId: string;
  beneficiaryId: string;
  amountFen: number;
  purpose: string;
  note?: string;
  status: DisbursementStatus;
  orgCode: string;
  incidentId?: string;
  requestedBy: string;
  requiredApprovals: number;
  approvedBy: string[];
  decisionReason?: string;
  createdAt: string;
  updatedAt: string;
  history?: HistoryEntry[];
}

export interface Incident {
  id: string;
  title: string;
  kind: string;
  status: string;
  leadOrgCode: string;
  occurredAt: string;
}

export interface Site {
  id: string;
  incidentId: string;
  name: string;
  kind: string;
  orgCode: string;
}

export interface Beneficiary {
  id: string;
  incidentId: string;
  siteId?: string;
  orgCode: string;
  fullName: string;
  idNumberMasked: string;
  category: string;
  tier: string;
  householdSize: number;
}

export interface StockLine {
  orgCode: string;
  itemCode: string;
  name: string;
  received: number;
  delivered: number;
  onHand: number;
  updatedAt: string;
}

export type AlertRule =
  'approval_age' | 'delivery_age' | 'site_unvisited' | 'discrepancy' | 'dlq' | 'consumer_lag';

export interface Alert {
  id: string;
  rule: string;
  severity: 'info' | 'warning' | 'critical';
  subjectType: string;
  subjectId: string;
  message: string;
  incidentId: string | null;
  orgCode: string | null;
  raisedAt: string;
  clearedAt: string | null;
  active: boolean;
}

export interface FundFigures extends Balances {
  fundId: string;
  code: string | null;
  name: string | null;
  source: string | null;
  purpose: string | null;
  ownerOrgCode: string | null;
  parentFundId: string | null;
  rootFundId: string;
}

export interface SiteVisits {
  siteId: string;
  name: string | null;
  orgCode: string | null;
  visits: number;
  beneficiariesReached: number;
  beneficiariesRegistered: number;
  lastVisitedAt: string | null;
}

export interface IncidentSummary {
  incident: Incident & { responseLevel: string };
  asOf: string;
  funds: { items: FundFigures[]; totals: Omit<Balances, never> };
  disbursements: {
    byStatus: { status: DisbursementStatus; count: number; amountFen: number }[];
    waiting: number;
    oldestWaitingSince: string | null;
    oldestWaitingHours: number | null;
  };
  visits: { total: number; beneficiariesReached: number; sites: SiteVisits[] };
  goods: { itemCode: string; name: string | null; quantity: number }[];
  followUps: {
    open: number;
    overdue: number;
    byKind: { kind: string; open: number; overdue: number }[];
  };
  alerts: Alert[];
}

export interface LagReport {
  computedAt: string;
  groups: {
    group: string;
    lag: number;
    topics: {
      topic: string;
      lag: number;
      partitions: {
        partition: number;
        committedOffset: number | null;
        highWatermark: number;
        lag: number;
      }[];
    }[];
  }[];
}

export interface VisitConflict {
  id: string;
  visitId: string;
  orgCode: string;
  incoming: unknown;
  existing?: unknown;
  receivedBy: string;
  receivedAt: string;
  kind?: 'same_id' | 'cash_handed_over';
  incomingVisitId?: string;
  status?: 'open' | 'resolved';
  resolution?: string;
}

export interface DeadLetter {
  id: string;
  topic: string;
  reason: string;
  type?: string;
  eventId?: string;
  deadLetteredAt?: string;
  replayedAt?: string | null;
}

export interface EventEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  aggregateId?: string;
  data?: Record<string, unknown>;
}
