// Enum values from the API shown in the user's language; an unknown value is shown as it is.
import type { TFunction } from 'i18next';
import { DISBURSEMENT_STATUSES, type DisbursementStatus } from '../api/types';

const SOURCES = ['central_fiscal', 'local_fiscal', 'union'] as const;
const PURPOSES = ['condolence', 'working', 'relief', 'other'] as const;
const KINDS = [
  'psychological',
  'medical',
  'housing',
  'livelihood',
  'other',
  'relapse_risk',
] as const;
const RULES = [
  'approval_age',
  'delivery_age',
  'site_unvisited',
  'discrepancy',
  'dlq',
  'consumer_lag',
  'advance_age',
  'grievance_overdue',
  'verification',
] as const;
const ADVANCE_STATUSES = [
  'requested',
  'partially_approved',
  'issued',
  'settled',
  'discrepancy',
  'rejected',
] as const;
const OUTCOMES = ['received', 'not_received', 'received_with_issues'] as const;
const GRIEVANCE_CATEGORIES = [
  'payment_verification',
  'complaint',
  'data_change',
  'sensitive',
  'other',
] as const;
const GRIEVANCE_STATUSES = ['open', 'assigned', 'closed'] as const;
const RULE_CODES = [
  'low_income_per_person',
  'spending_above_income',
  'new_shock',
  'deep_not_visited',
  'left_support_watch',
] as const;

function oneOf<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export function statusLabel(t: TFunction, status: string): string {
  return oneOf<DisbursementStatus>(DISBURSEMENT_STATUSES, status) ? t(`status.${status}`) : status;
}

export function fundSourceLabel(t: TFunction, value: string | null): string {
  return oneOf(SOURCES, value) ? t(`source.${value}`) : (value ?? '—');
}

export function fundPurposeLabel(t: TFunction, value: string | null): string {
  return oneOf(PURPOSES, value) ? t(`purpose.${value}`) : (value ?? '—');
}

export function followUpKindLabel(t: TFunction, value: string): string {
  return oneOf(KINDS, value) ? t(`followUpKind.${value}`) : value;
}

export function alertRuleLabel(t: TFunction, value: string): string {
  return oneOf(RULES, value) ? t(`alertRule.${value}`) : value;
}

export function advanceStatusLabel(t: TFunction, value: string): string {
  return oneOf(ADVANCE_STATUSES, value) ? t(`advanceStatus.${value}`) : value;
}

export function outcomeLabel(t: TFunction, value: string | undefined): string {
  return oneOf(OUTCOMES, value) ? t(`outcome.${value}`) : t('outcome.pending');
}

export function grievanceCategoryLabel(t: TFunction, value: string): string {
  return oneOf(GRIEVANCE_CATEGORIES, value) ? t(`grievanceCategory.${value}`) : value;
}

export function grievanceStatusLabel(t: TFunction, value: string): string {
  return oneOf(GRIEVANCE_STATUSES, value) ? t(`grievanceStatus.${value}`) : value;
}

export function relapseRuleLabel(t: TFunction, value: string): string {
  return oneOf(RULE_CODES, value) ? t(`relapseRule.${value}`) : value;
}

export {
  GRIEVANCE_CATEGORIES,
  GRIEVANCE_STATUSES,
  OUTCOMES,
  PURPOSES as FUND_PURPOSES,
  RULE_CODES,
};
