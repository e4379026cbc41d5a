import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Money passed from a fund to a new child fund of a descendant org. */
@Entity({ name: 'allocations' })
export class Allocation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'from_fund_id' })
  fromFundId!: string;

  @Column({ type: 'uuid', name: 'to_fund_id' })
  toFundId!: string;

  @Column({ type: 'text', name: 'from_org_code' })
  fromOrgCode!: string;

  @Column({ type: 'text', name: 'to_org_code' })
  toOrgCode!: string;

  @Column({ type: 'bigint', name: 'amount_fen' })
  amountFen!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
