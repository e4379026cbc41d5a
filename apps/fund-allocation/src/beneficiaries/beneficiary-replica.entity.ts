import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this service knows of a beneficiary (from beneficiary.registered): ids and scope only. */
@Entity({ name: 'beneficiary_replica' })
export class BeneficiaryReplica {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'uuid', name: 'site_id', nullable: true })
  siteId!: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
