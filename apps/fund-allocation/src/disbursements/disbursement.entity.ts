import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DISBURSEMENT_STATUSES = [
  'requested',
  'partially_approved',
  'approved',
  'delivered',
  'rejected',
  'cancelled',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/** Statuses that block a second request for the same beneficiary and fund (without allowRepeat). */
export const BLOCKING_STATUSES: readonly DisbursementStatus[] = [
  'requested',
  'partially_approved',
  'approved',
  'delivered',
];

/** A payment to one beneficiary from one fund, through maker-checker approval to delivery. */
@Entity({ name: 'disbursements' })
export class Disbursement {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'fund_id' })
  fundId!: string;

  @Column({ type: 'uuid', name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column({ type: 'bigint', name: 'amount_fen' })
  amountFen!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text' })
  status!: DisbursementStatus;

  /** The fund's owner: the scope of this record. */
  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'uuid', name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column({ type: 'text', name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'integer', name: 'required_approvals' })
  requiredApprovals!: number;

  @Column({ type: 'text', name: 'approved_by', array: true })
  approvedBy!: string[];

  @Column({ type: 'boolean', name: 'allow_repeat' })
  allowRepeat!: boolean;

  @Column({ type: 'text', name: 'repeat_reason', nullable: true })
  repeatReason!: string | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column({ type: 'uuid', name: 'delivered_visit_id', nullable: true })
  deliveredVisitId!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}

/** One step of a disbursement's history (who, when, what). */
@Entity({ name: 'disbursement_events' })
export class DisbursementEvent {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', name: 'disbursement_id' })
  disbursementId!: string;

  @Column({ type: 'text' })
  action!: DisbursementStatus;

  @Column({ type: 'text', name: 'actor_sub', nullable: true })
  actorSub!: string | null;

  @Column({ type: 'text', name: 'actor_name', nullable: true })
  actorName!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'uuid', name: 'visit_id', nullable: true })
  visitId!: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
