import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One lease table per service schema for every leased job. fund-allocation and incident-intake
 * created `job_leases` already (same shape): IF NOT EXISTS keeps them. The spine's retention
 * lease moves over from `messaging_lease` with its holder, which stays for replicas not yet
 * upgraded (a rolling upgrade may prune twice for a moment, which is harmless).
 */
export class JobLeases1766000000000 implements MigrationInterface {
  name = 'JobLeases1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS job_leases (
        name       text PRIMARY KEY,
        holder     text NOT NULL,
        expires_at timestamptz(3) NOT NULL
      )`);
    if (await q.hasTable('messaging_lease')) {
      await q.query(`
        INSERT INTO job_leases (name, holder, expires_at)
        SELECT name, holder, expires_at FROM messaging_lease
        ON CONFLICT (name) DO NOTHING`);
    }
  }

  async down(): Promise<void> {
    // job_leases may predate this migration (two services created it): it is left in place.
  }
}
