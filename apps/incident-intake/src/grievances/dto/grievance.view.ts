import { GrievanceCategory, GrievanceSource } from '@aidflow/contracts';
import { GrievanceStatus } from './list-grievances.query';

export interface GrievanceView {
  id: string;
  incidentId: string;
  beneficiaryId?: string;
  orgCode: string;
  category: GrievanceCategory;
  source: GrievanceSource;
  description: string;
  status: GrievanceStatus;
  assigneeId?: string;
  openedBy: string;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  outcome?: string;
  closedBy?: string;
  closedAt?: string;
}

export interface GrievanceRow {
  id: string;
  incident_id: string;
  beneficiary_id: string | null;
  org_code: string;
  category: GrievanceCategory;
  source: GrievanceSource;
  source_ref: string | null;
  description_cipher: string;
  description_key_id: string;
  status: GrievanceStatus;
  assignee_id: string | null;
  opened_by: string;
  opened_at: Date;
  due_at: Date;
  overdue_at: Date | null;
  outcome_cipher: string | null;
  outcome_key_id: string | null;
  closed_by: string | null;
  closed_at: Date | null;
}
