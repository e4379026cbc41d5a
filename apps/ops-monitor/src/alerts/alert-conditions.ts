import { AlertRule, AlertSeverity } from '@aidflow/contracts';

/** A condition that should have exactly one active alert while it holds. */
export interface AlertCondition {
  rule: AlertRule;
  severity: AlertSeverity;
  subjectType: string;
  subjectId: string;
  message: string;
  incidentId: string | null;
  orgCode: string | null;
}

/** Rules cleared by an operator acknowledging them: nothing in the event streams resolves them. */
export const ACKNOWLEDGED_RULES: readonly AlertRule[] = ['discrepancy', 'dlq', 'verification'];

/** Alerts to raise and to clear so that the active set matches the conditions that hold. */
export function diffAlerts<A extends { rule: string; subjectId: string }>(
  active: readonly A[],
  holding: readonly AlertCondition[],
): { raise: AlertCondition[]; clear: A[] } {
  const key = (rule: string, subjectId: string): string => `${rule}\u0000${subjectId}`;
  const activeKeys = new Set(active.map((a) => key(a.rule, a.subjectId)));
  const holdingKeys = new Set(holding.map((c) => key(c.rule, c.subjectId)));
  const seen = new Set<string>();
  const raise = holding.filter((c) => {
    const k = key(c.rule, c.subjectId);
    if (activeKeys.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { raise, clear: active.filter((a) => !holdingKeys.has(key(a.rule, a.subjectId))) };
}

/** Yuan with two decimals from integer fen, without floating point. */
export function yuan(fen: bigint | number | string): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
