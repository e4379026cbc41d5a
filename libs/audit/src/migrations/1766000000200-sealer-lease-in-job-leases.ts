import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealer's lease moves to job_leases (created by JobLeases1766000000000, which runs first),
 * with its current holder, so a running sealer keeps leading across the upgrade. The holder
 * columns of audit_sealer stay for sealers not yet upgraded: two sealers for a moment cannot fork
 * the chain (the batch number is the primary key).
 */
export class SealerLeaseInJobLeases1766000000200 implements MigrationInterface {
  name = 'SealerLeaseInJobLeases1766000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO job_leases (name, holder, expires_at)
      SELECT 'audit.sealer', holder, expires_at FROM audit_sealer WHERE id = 1 AND holder IS NOT NULL
      ON CONFLICT (name) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM job_leases WHERE name = 'audit.sealer'`);
  }
}
