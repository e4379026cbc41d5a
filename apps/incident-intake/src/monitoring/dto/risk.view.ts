import { RelapseRuleCode } from '@aidflow/contracts';

/** A `relapse_risk` follow-up opened by a rule. */
export interface RiskView {
  id: string;
  kind: 'relapse_risk';
  beneficiaryId: string;
  siteId?: string;
  orgCode: string;
  ruleCode: RelapseRuleCode;
  reason: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt?: string;
  closedBy?: string;
  outcome?: string;
}

export interface RiskRow {
  id: string;
  beneficiary_id: string;
  site_id: string | null;
  org_code: string;
  rule_code: RelapseRuleCode;
  reason: string;
  status: 'open' | 'closed';
  opened_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: string | null;
}

export const RISK_COLUMNS = `r.id, r.beneficiary_id, b.site_id, r.org_code, r.rule_code, r.reason, r.status,
  r.opened_at, r.closed_at, r.closed_by, r.outcome`;

export function toRiskView(r: RiskRow): RiskView {
  return {
    id: r.id,
    kind: 'relapse_risk',
    beneficiaryId: r.beneficiary_id,
    ...(r.site_id !== null ? { siteId: r.site_id } : {}),
    orgCode: r.org_code,
    ruleCode: r.rule_code,
    reason: r.reason,
    status: r.status,
    openedAt: r.opened_at.toISOString(),
    ...(r.closed_at !== null ? { closedAt: r.closed_at.toISOString() } : {}),
    ...(r.closed_by !== null ? { closedBy: r.closed_by } : {}),
    ...(r.outcome !== null ? { outcome: r.outcome } : {}),
  };
}
