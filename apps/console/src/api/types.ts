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

export type AlertRule = Schemas['AlertView']['rule'];

export type Alert = Schemas['AlertView'];

export type FundFigures = Schemas['FundFigures'];

export type SiteVisits = Schemas['SiteVisits'];

export type IncidentSummary = Schemas['IncidentSummary'];

export type LagReport = Schemas['LagReport'];

/** `existing` is not in the document: the API does not send it, so the page shows "see the visit". */
export type VisitConflict = Schemas['VisitConflictView'] & { existing?: unknown };

export type DeadLetter = Schemas['DeadLetterView'];

export type Advance = Schemas['AdvanceView'];
export type AdvanceStatus = Advance['status'];

export type Team = Schemas['MyTeamView'];

export type Verification = Schemas['VerificationView'];
export type VerificationItem = Verification['items'][number];
export type VerificationSummary = Schemas['VerificationSummary'];
export type Outcome = NonNullable<VerificationItem['outcome']>;

export type Grievance = Schemas['GrievanceView'];
export type GrievanceCategory = Grievance['category'];
export type GrievanceStatus = Grievance['status'];

export type Risk = Schemas['RiskView'];
export type RuleCode = Risk['ruleCode'];

export type ImportResult = Schemas['ImportResult'];

export interface EventEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  aggregateId?: string;
  data?: Record<string, unknown>;
}
