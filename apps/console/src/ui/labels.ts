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

export { PURPOSES as FUND_PURPOSES };
