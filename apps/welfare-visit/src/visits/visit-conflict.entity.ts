import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `same_id`: the visit resent with other content; `cash_handed_over`: another visit took the cash. */
export type VisitConflictKind = 'same_id' | 'cash_handed_over';
export const CONFLICT_RESOLUTIONS = ['keep_existing', 'accept_incoming'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

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

  @Column({ type: 'text' })
  kind!: VisitConflictKind;

  /** The other visit's own id, for `cash_handed_over` (null for `same_id`). */
  @Column({ type: 'uuid', name: 'incoming_visit_id', nullable: true })
  incomingVisitId!: string | null;

  @Column({ type: 'text' })
  status!: 'open' | 'resolved';

  @Column({ type: 'text', nullable: true })
  resolution!: ConflictResolution | null;

  @Column({ type: 'text', name: 'resolution_note', nullable: true })
  resolutionNote!: string | null;

  @Column({ type: 'text', name: 'resolved_by', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  replaced!: unknown;
}
