import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LEDGER_BUCKETS = [
  'funding',
  'available',
  'reserved',
  'delivered',
  'allocated_down',
] as const;
export type LedgerBucket = (typeof LEDGER_BUCKETS)[number];

export const MOVEMENT_KINDS = [
  'funding',
  'allocation',
  'reservation',
  'delivery',
  'release',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One side of a double-entry movement; the rows of a movement sum to zero. Append-only. */
@Entity({ name: 'ledger_entries' })
export class LedgerEntry {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', name: 'movement_id' })
  movementId!: string;

  @Column({ type: 'text' })
  kind!: MovementKind;

  @Column({ type: 'uuid', name: 'fund_id' })
  fundId!: string;

  @Column({ type: 'text' })
  bucket!: LedgerBucket;

  @Column({ type: 'bigint', name: 'delta_fen' })
  deltaFen!: string;

  @Column({ type: 'uuid', name: 'allocation_id', nullable: true })
  allocationId!: string | null;

  @Column({ type: 'uuid', name: 'disbursement_id', nullable: true })
  disbursementId!: string | null;

  @Column({ type: 'uuid', name: 'visit_id', nullable: true })
  visitId!: string | null;

  @Column({ type: 'text', name: 'actor_sub', nullable: true })
  actorSub!: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
