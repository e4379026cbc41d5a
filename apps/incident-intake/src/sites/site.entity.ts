import { SiteKind } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A resettlement site or work unit of an incident, where field teams go. */
@Entity({ name: 'sites' })
export class Site {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: SiteKind;

  @Column({ type: 'text', name: 'area_code' })
  areaCode!: string;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;

  /** The incident's lead org, copied (it never changes) so scope filters need no join. */
  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
