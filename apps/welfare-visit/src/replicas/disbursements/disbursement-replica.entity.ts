import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReplicatedDisbursementStatus = 'approved' | 'delivered' | 'rejected' | 'cancelled';

/** A disbursement as fund-allocation's events describe it; requested ones are not kept. */
@Entity({ name: 'disbursement_replica' })
export class DisbursementReplica {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Null when only a rejection or cancellation was seen (those events do not name the beneficiary). */
  @Column({ type: 'uuid', name: 'beneficiary_id', nullable: true })
  beneficiaryId!: string | null;

  @Column({ type: 'bigint', name: 'amount_fen' })
  amountFen!: string;

  @Column({ type: 'text' })
  status!: ReplicatedDisbursementStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'uuid', name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
