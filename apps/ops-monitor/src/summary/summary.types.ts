import { AlertView } from '../alerts/alerts.service';
import { DisbursementStatus } from '../projections/disbursement-steps';

/** One fund, reconciled as fund-allocation does: amount = allocatedDown + reserved + delivered + available. */
export interface FundFigures {
  fundId: string;
  code: string | null;
  name: string | null;
  source: string | null;
  purpose: string | null;
  ownerOrgCode: string | null;
  parentFundId: string | null;
  /** The incident's top-level fund this one was (transitively) allocated from. */
  rootFundId: string;
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

/**
 * The incident as a whole: amountFen is what its top-level funds received; allocations between
 * levels are internal, so amountFen = reservedFen + deliveredFen + availableFen (every level).
 */
export interface ConsolidatedFigures {
  amountFen: number;
  /** Passed down between levels (all levels); informational, not part of the identity above. */
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

export interface SourcePurposeFigures extends Omit<ConsolidatedFigures, 'allocatedDownFen'> {
  source: string | null;
  purpose: string | null;
  allocatedDownFen: number;
}

export interface SiteVisits {
  siteId: string;
  name: string | null;
  kind: string | null;
  orgCode: string | null;
  registeredAt: string | null;
  visits: number;
  beneficiariesReached: number;
  beneficiariesRegistered: number;
  lastVisitedAt: string | null;
}

export interface IncidentSummary {
  incident: {
    id: string;
    title: string;
    kind: string;
    status: string;
    responseLevel: string;
    leadOrgCode: string;
    occurredAt: string;
  };
  asOf: string;
  funds: {
    items: FundFigures[];
    totals: ConsolidatedFigures;
    bySourcePurpose: SourcePurposeFigures[];
  };
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
  alerts: AlertView[];
}

export interface IncidentListItem {
  id: string;
  title: string;
  status: string;
  leadOrgCode: string;
  occurredAt: string;
}
