import { IncidentStatus } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this service knows of an incident, from incident-intake's events. */
@Entity({ name: 'incident_replica' })
export class IncidentReplica {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'text', name: 'lead_org_code' })
  leadOrgCode!: string;

  @Column({ type: 'text' })
  status!: IncidentStatus;

  @Column({ type: 'timestamptz', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
