import { MigrationInterface, QueryRunner } from 'typeorm';

/** The org an audited target belongs to, so the audit log can be scoped like everything else. */
export class AuditTargetOrg1764611000000 implements MigrationInterface {
  name = 'AuditTargetOrg1764611000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN target_org text`);
    await q.query(`CREATE INDEX audit_log_target_org ON audit_log (target_org, seq)`);
    await q.query(`CREATE INDEX audit_log_actor_org ON audit_log (actor_org, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_actor_org`);
    await q.query(`DROP INDEX audit_log_target_org`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN target_org`);
  }
}
