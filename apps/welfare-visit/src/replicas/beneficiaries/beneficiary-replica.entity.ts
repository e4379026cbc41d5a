import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A beneficiary as the visit rules need it: which incident, site and org. No personal data. */
@Entity({ name: 'beneficiary_replica' })
export class BeneficiaryReplica {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'uuid', name: 'site_id', nullable: true })
  siteId!: string | null;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
