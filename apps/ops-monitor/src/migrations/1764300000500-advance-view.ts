import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cash advances as the funds events tell them, for the unsettled-advance alert. */
export class AdvanceView1764300000500 implements MigrationInterface {
  name = 'AdvanceView1764300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE advance_view (
        advance_id      uuid PRIMARY KEY,
        fund_id         uuid NOT NULL,
        team_id         uuid,
        org_code        text NOT NULL,
        incident_id     uuid,
        amount_fen      bigint,
        handed_over_fen bigint,
        outstanding_fen bigint,
        status          text NOT NULL,
        issued_at       timestamptz,
        settled_at      timestamptz
      )`);
    await q.query(`CREATE INDEX advance_view_open ON advance_view (status, issued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE advance_view`);
  }
}
