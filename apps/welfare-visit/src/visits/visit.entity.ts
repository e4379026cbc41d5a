import { NeedKind } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const VISIT_RECORD_STATUSES = ['accepted', 'pending_verification', 'flagged'] as const;
/** `flagged`: a cash line could not be verified against the disbursement once its events arrived. */
export type VisitRecordStatus = (typeof VISIT_RECORD_STATUSES)[number];

export type CashVerification = 'verified' | 'pending' | 'mismatch' | 'void';

/** A welfare visit; its id was generated on the field device. */
@Entity({ name: 'visits' })
export class Visit {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'team_id' })
  teamId!: string;

  @Column({ type: 'uuid', name: 'site_id' })
  siteId!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  /** The team's org: scopes who may read the visit. */
  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'visited_at' })
  visitedAt!: Date;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text' })
  status!: VisitRecordStatus;

  @Column({ type: 'text', name: 'flag_reason', nullable: true })
  flagReason!: string | null;

  /** SHA-256 of the normalized visit: tells a duplicate resend from a conflicting one. */
  @Column({ type: 'text', name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'text', name: 'logged_by' })
  loggedBy!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, name: 'verified_at', nullable: true })
  verifiedAt!: Date | null;
}

@Entity({ name: 'visit_beneficiaries' })
export class VisitBeneficiary {
  @PrimaryColumn({ type: 'uuid', name: 'visit_id' })
  visitId!: string;

  @PrimaryColumn({ type: 'smallint' })
  position!: number;

  @Column({ type: 'uuid', name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column({ type: 'text', array: true })
  needs!: NeedKind[];

  @Column({ type: 'text', name: 'receipt_sha256', nullable: true })
  receiptSha256!: string | null;
}

/** Cash handed over; the unique index on disbursement_id means a disbursement is handed over once. */
@Entity({ name: 'visit_cash_lines' })
export class VisitCashLine {
  @PrimaryColumn({ type: 'uuid', name: 'visit_id' })
  visitId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column({ type: 'uuid', name: 'disbursement_id' })
  disbursementId!: string;

  @Column({ type: 'bigint', name: 'amount_fen' })
  amountFen!: string;

  @Column({ type: 'text' })
  verification!: CashVerification;

  @Column({ type: 'text', nullable: true })
  problem!: string | null;
}

@Entity({ name: 'visit_goods_lines' })
export class VisitGoodsLine {
  @PrimaryColumn({ type: 'uuid', name: 'visit_id' })
  visitId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'beneficiary_id' })
  beneficiaryId!: string;

  @PrimaryColumn({ type: 'smallint' })
  position!: number;

  @Column({ type: 'text', name: 'item_code' })
  itemCode!: string;

  @Column({ type: 'integer' })
  quantity!: number;
}
