import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A resend of a logged visit with different content: kept for review, never applied. */
@Entity({ name: 'visit_conflicts' })
export class VisitConflict {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'visit_id' })
  visitId!: string;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'text', name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'jsonb' })
  incoming!: unknown;

  @Column({ type: 'text', name: 'received_by' })
  receivedBy!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'received_at' })
  receivedAt!: Date;
}
