import { OrgLevel } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A union unit; the tree money and people move down. Rows are never changed once registered. */
@Entity({ name: 'orgs' })
export class Org {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: OrgLevel;

  @Column({ type: 'text', name: 'parent_code', nullable: true })
  parentCode!: string | null;

  /** Codes from the root to this org itself. */
  @Column({ type: 'text', array: true })
  path!: string[];

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
