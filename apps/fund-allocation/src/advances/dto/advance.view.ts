import { AdvanceStatus } from '@aidflow/contracts';
import { fen } from '../../common/money';

export interface AdvanceRow {
  id: string;
  fund_id: string;
  team_id: string;
  amount_fen: string;
  handed_over_fen: string;
  returned_fen: string;
  outstanding_fen: string;
  status: AdvanceStatus;
  org_code: string;
  incident_id: string | null;
  note: string | null;
  requested_by: string;
  required_approvals: number;
  approved_by: string[];
  decision_reason: string | null;
  settled_by: string | null;
  settlement_reason: string | null;
  issued_at: Date | null;
  settled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const ADVANCE_COLUMNS = `id, fund_id, team_id, amount_fen, handed_over_fen, returned_fen, outstanding_fen,
  status, org_code, incident_id, note, requested_by, required_approvals, approved_by, decision_reason,
  settled_by, settlement_reason, issued_at, settled_at, created_at, updated_at`;

export interface AdvanceHistoryEntry {
  action: string;
  actor?: { sub: string; name?: string };
  reason?: string;
  at: string;
}

export interface AdvanceDraw {
  disbursementId: string;
  visitId: string;
  amountFen: number;
  at: string;
}

/** `amountFen = handedOverFen + returnedFen + outstandingFen` (a CHECK constraint keeps it so). */
export interface AdvanceView {
  id: string;
  fundId: string;
  teamId: string;
  amountFen: number;
  handedOverFen: number;
  returnedFen: number;
  outstandingFen: number;
  status: AdvanceStatus;
  orgCode: string;
  incidentId?: string;
  note?: string;
  requestedBy: string;
  requiredApprovals: number;
  approvedBy: string[];
  decisionReason?: string;
  settledBy?: string;
  settlementReason?: string;
  issuedAt?: string;
  settledAt?: string;
  createdAt: string;
  updatedAt: string;
  history?: AdvanceHistoryEntry[];
  draws?: AdvanceDraw[];
}

export function toAdvanceView(row: AdvanceRow): AdvanceView {
  return {
    id: row.id,
    fundId: row.fund_id,
    teamId: row.team_id,
    amountFen: fen(row.amount_fen),
    handedOverFen: fen(row.handed_over_fen),
    returnedFen: fen(row.returned_fen),
    outstandingFen: fen(row.outstanding_fen),
    status: row.status,
    orgCode: row.org_code,
    ...(row.incident_id !== null ? { incidentId: row.incident_id } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
    requestedBy: row.requested_by,
    requiredApprovals: row.required_approvals,
    approvedBy: row.approved_by,
    ...(row.decision_reason !== null ? { decisionReason: row.decision_reason } : {}),
    ...(row.settled_by !== null ? { settledBy: row.settled_by } : {}),
    ...(row.settlement_reason !== null ? { settlementReason: row.settlement_reason } : {}),
    ...(row.issued_at !== null ? { issuedAt: row.issued_at.toISOString() } : {}),
    ...(row.settled_at !== null ? { settledAt: row.settled_at.toISOString() } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
