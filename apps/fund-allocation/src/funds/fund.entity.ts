import { FundPurpose, FundSource } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Money held by one union unit. Balances are bigint fen (strings as pg returns them) and change
 * only under a row lock, together with their ledger entries; a CHECK keeps them summing to amount.
 */
@Entity({ name: 'funds' })
export class Fund {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  source!: FundSource;

  @Column({ type: 'text' })
  purpose!: FundPurpose;

  @Column({ type: 'text', name: 'owner_org_code' })
  ownerOrgCode!: string;

  @Column({ type: 'uuid', name: 'incident_id', nullable: true })
  incidentId!: string | null;

  /** Set when an allocation from a higher-level fund created this one. */
  @Column({ type: 'uuid', name: 'parent_fund_id', nullable: true })
  parentFundId!: string | null;

  @Column({ type: 'bigint', name: 'amount_fen' })
  amountFen!: string;

  @Column({ type: 'bigint', name: 'allocated_down_fen' })
  allocatedDownFen!: string;

  @Column({ type: 'bigint', name: 'reserved_fen' })
  reservedFen!: string;

  @Column({ type: 'bigint', name: 'delivered_fen' })
  deliveredFen!: string;

  @Column({ type: 'bigint', name: 'available_fen' })
  availableFen!: string;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
