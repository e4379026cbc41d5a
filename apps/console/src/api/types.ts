// Response shapes the console reads: the documented schemas (docs/openapi.json, generated into
// @aidflow/api-client), so a contract change breaks the console's typecheck. Only what the
// document does not name yet stays hand-written here.
import type { Schemas } from '@aidflow/api-client';

export type Role = 'field' | 'finance' | 'approver' | 'ops' | 'admin';

export type ApiErrorBody = Schemas['ApiError'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Balances = Schemas['Balances'];

export type FundSource = 'central_fiscal' | 'local_fiscal' | 'union';
export type FundPurpose = 'condolence' | 'working' | 'relief' | 'other';

export type Fund = Schemas['FundView'];

export type Reconciliation = Schemas['Reconciliation'];

export type Allocation = Schemas['AllocationView'];

export const DISBURSEMENT_STATUSES = [
  'requested',
  'partially_approved',
  'approved',
  'rejected',
  'cancelled',
  'delivered',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

export type HistoryEntry = Schemas['HistoryEntry'];

export type Disbursement = Schemas['DisbursementView'];

export type Incident = Schemas['IncidentView'];

export type Site = Schemas['SiteView'];

export type Beneficiary = Schemas['BeneficiaryView'];

export type StockLine = Schemas['StockView'];

export type AlertRule =
  'approval_age' | 'delivery_age' | 'site_unvisited' | 'discrepancy' | 'dlq' | 'consumer_lag';

export type Alert = Schemas['AlertView'];

export type FundFigures = Schemas['FundFigures'];

export type SiteVisits = Schemas['SiteVisits'];

export type IncidentSummary = Schemas['IncidentSummary'];

export type LagReport = Schemas['LagReport'];

/** `existing` is not in the document: the API does not send it, so the page shows "see the visit". */
export type VisitConflict = Schemas['VisitConflictView'] & { existing?: unknown };

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
