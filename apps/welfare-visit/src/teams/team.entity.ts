import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A field team: who may log visits, and at which sites. */
@Entity({ name: 'teams' })
export class Team {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'text', array: true, name: 'member_ids' })
  memberIds!: string[];

  @Column({ type: 'uuid', array: true, name: 'site_ids' })
  siteIds!: string[];

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
