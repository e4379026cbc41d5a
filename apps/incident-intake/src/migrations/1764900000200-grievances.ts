import { MigrationInterface, QueryRunner } from 'typeorm';

/** Grievances: opened by people or from failed payment verifications, due in 1 or 30 days. */
export class Grievances1764900000200 implements MigrationInterface {
  name = 'Grievances1764900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grievances (
        id                 uuid PRIMARY KEY,
        incident_id        uuid NOT NULL REFERENCES incidents (id),
        beneficiary_id     uuid REFERENCES beneficiaries (id),
        org_code           text NOT NULL,
        category           text NOT NULL
                           CHECK (category IN ('payment_verification','complaint','data_change','sensitive','other')),
        source             text NOT NULL CHECK (source IN ('manual','verification')),
        -- The verification item (verificationId:disbursementId) it came from: one grievance each.
        source_ref         text UNIQUE,
        description_cipher text NOT NULL,
        description_key_id text NOT NULL,
        status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open','assigned','closed')),
        assignee_id        text,
        opened_by          text NOT NULL,
        opened_at          timestamptz(3) NOT NULL,
        due_at             timestamptz(3) NOT NULL,
        overdue_at         timestamptz(3),
        outcome_cipher     text,
        outcome_key_id     text,
        closed_by          text,
        closed_at          timestamptz(3),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX grievances_page ON grievances (opened_at, id)`);
    await q.query(
      `CREATE INDEX grievances_due ON grievances (due_at) WHERE status <> 'closed' AND overdue_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grievances`);
  }
}
