import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this service knows of a site, from incident-intake's site.registered. */
@Entity({ name: 'site_replica' })
export class SiteReplica {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
