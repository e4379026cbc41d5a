import { IncidentKind, IncidentStatus, ResponseLevel } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'incidents' })
export class Incident {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  kind!: IncidentKind;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'double precision', nullable: true })
  magnitude!: number | null;

  @Column({ type: 'double precision', name: 'epicenter_lat', nullable: true })
  epicenterLat!: number | null;

  @Column({ type: 'double precision', name: 'epicenter_lon', nullable: true })
  epicenterLon!: number | null;

  @Column({ type: 'text', name: 'area_codes', array: true })
  areaCodes!: string[];

  @Column({ type: 'text', name: 'response_level' })
  responseLevel!: ResponseLevel;

  /** Scopes who sees the incident, its sites and its beneficiaries; never changes. */
  @Column({ type: 'text', name: 'lead_org_code' })
  leadOrgCode!: string;

  @Column({ type: 'text' })
  status!: IncidentStatus;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
