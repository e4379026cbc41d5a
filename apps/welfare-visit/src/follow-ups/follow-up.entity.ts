import { NeedKind } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const FOLLOW_UP_STATUSES = ['open', 'closed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Work a visit found (or someone opened directly): a need to be followed up by a due date. */
@Entity({ name: 'follow_ups' })
export class FollowUp {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'visit_id', nullable: true })
  visitId!: string | null;

  @Column({ type: 'uuid', name: 'team_id' })
  teamId!: string;

  @Column({ type: 'uuid', name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column({ type: 'uuid', name: 'site_id' })
  siteId!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'text' })
  kind!: NeedKind;

  @Column({ type: 'timestamptz', precision: 3, name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: FollowUpStatus;

  @Column({ type: 'text', name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'text', name: 'opened_by' })
  openedBy!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, name: 'assigned_at', nullable: true })
  assignedAt!: Date | null;

  @Column({ type: 'text', name: 'closed_by', nullable: true })
  closedBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
