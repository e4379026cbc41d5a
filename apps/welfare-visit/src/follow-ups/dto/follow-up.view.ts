import { NeedKind } from '@aidflow/contracts';
import { FollowUp, FollowUpStatus } from '../follow-up.entity';

export interface FollowUpView {
  id: string;
  visitId?: string;
  teamId: string;
  beneficiaryId: string;
  siteId: string;
  incidentId: string;
  orgCode: string;
  kind: NeedKind;
  dueAt: string;
  status: FollowUpStatus;
  /** Open and past its due date. */
  overdue: boolean;
  assigneeId?: string;
  outcome?: string;
  openedBy: string;
  createdAt: string;
  assignedAt?: string;
  closedBy?: string;
  closedAt?: string;
}

export function toFollowUpView(row: FollowUp, now = new Date()): FollowUpView {
  return {
    id: row.id,
    ...(row.visitId !== null ? { visitId: row.visitId } : {}),
    teamId: row.teamId,
    beneficiaryId: row.beneficiaryId,
    siteId: row.siteId,
    incidentId: row.incidentId,
    orgCode: row.orgCode,
    kind: row.kind,
    dueAt: row.dueAt.toISOString(),
    status: row.status,
    overdue: row.status === 'open' && row.dueAt.getTime() < now.getTime(),
    ...(row.assigneeId !== null ? { assigneeId: row.assigneeId } : {}),
    ...(row.outcome !== null ? { outcome: row.outcome } : {}),
    openedBy: row.openedBy,
    createdAt: row.createdAt.toISOString(),
    ...(row.assignedAt !== null ? { assignedAt: row.assignedAt.toISOString() } : {}),
    ...(row.closedBy !== null ? { closedBy: row.closedBy } : {}),
    ...(row.closedAt !== null ? { closedAt: row.closedAt.toISOString() } : {}),
  };
}
