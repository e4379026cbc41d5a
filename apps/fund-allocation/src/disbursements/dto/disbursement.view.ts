import { fen } from '../../common/money';
import { DisbursementStatus } from '../disbursement.entity';

export interface DisbursementRow {
  id: string;
  fund_id: string;
  beneficiary_id: string;
  amount_fen: string;
  purpose: string;
  note: string | null;
  status: DisbursementStatus;
  org_code: string;
  incident_id: string | null;
  requested_by: string;
  required_approvals: number;
  approved_by: string[];
  allow_repeat: boolean;
  repeat_reason: string | null;
  decision_reason: string | null;
  delivered_visit_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const DISBURSEMENT_COLUMNS = `id, fund_id, beneficiary_id, amount_fen, purpose, note, status, org_code,
  incident_id, requested_by, required_approvals, approved_by, allow_repeat, repeat_reason,
  decision_reason, delivered_visit_id, created_at, updated_at`;

export interface HistoryEntry {
  action: DisbursementStatus;
  actor?: { sub: string; name?: string };
  at: string;
  reason?: string;
  visitId?: string;
}

export interface DisbursementView {
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
  allowRepeat: boolean;
  repeatReason?: string;
  decisionReason?: string;
  deliveredVisitId?: string;
  createdAt: string;
  updatedAt: string;
  history?: HistoryEntry[];
}

export function toDisbursementView(row: DisbursementRow): DisbursementView {
  return {
    id: row.id,
    fundId: row.fund_id,
    beneficiaryId: row.beneficiary_id,
    amountFen: fen(row.amount_fen),
    purpose: row.purpose,
    ...(row.note !== null ? { note: row.note } : {}),
    status: row.status,
    orgCode: row.org_code,
    ...(row.incident_id !== null ? { incidentId: row.incident_id } : {}),
    requestedBy: row.requested_by,
    requiredApprovals: row.required_approvals,
    approvedBy: row.approved_by,
    allowRepeat: row.allow_repeat,
    ...(row.repeat_reason !== null ? { repeatReason: row.repeat_reason } : {}),
    ...(row.decision_reason !== null ? { decisionReason: row.decision_reason } : {}),
    ...(row.delivered_visit_id !== null ? { deliveredVisitId: row.delivered_visit_id } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
