import { MigrationInterface, QueryRunner } from 'typeorm';

/** The incidents incident-intake has announced, so a fund can only name a known one in scope. */
export class IncidentReplica1764611000100 implements MigrationInterface {
  name = 'IncidentReplica1764611000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_replica (
        id            uuid PRIMARY KEY,
        lead_org_code text NOT NULL,
        status        text NOT NULL CHECK (status IN ('open','responding','recovery','closed')),
        updated_at    timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_replica`);
  }
}
