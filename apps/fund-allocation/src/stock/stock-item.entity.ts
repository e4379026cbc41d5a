import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One item held by one union unit; a CHECK keeps delivered ≤ received (on hand never negative). */
@Entity({ name: 'stock_items' })
export class StockItem {
  @PrimaryColumn({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @PrimaryColumn({ type: 'text', name: 'item_code' })
  itemCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'bigint', name: 'received_qty' })
  receivedQty!: string;

  @Column({ type: 'bigint', name: 'delivered_qty' })
  deliveredQty!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
