import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cash advances with their draws, the team replica, verification samples and job leases. */
export class AdvancesVerificationLeases1764200000500 implements MigrationInterface {
  name = 'AdvancesVerificationLeases1764200000500';

  async up(q: QueryRunner): Promise<void> {
    // Known from team.registered: which sites a team serves, so an advance covers only their payments.
    await q.query(`
      CREATE TABLE team_replica (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        org_code   text NOT NULL,
        site_ids   uuid[] NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE advances (
        id                 uuid PRIMARY KEY,
        fund_id            uuid NOT NULL REFERENCES funds (id),
        team_id            uuid NOT NULL REFERENCES team_replica (id),
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        handed_over_fen    bigint NOT NULL DEFAULT 0 CHECK (handed_over_fen >= 0),
        returned_fen       bigint NOT NULL DEFAULT 0 CHECK (returned_fen >= 0),
        outstanding_fen    bigint NOT NULL CHECK (outstanding_fen >= 0),
        status             text NOT NULL CHECK (status IN
                             ('requested','partially_approved','issued','settled','discrepancy','rejected')),
        org_code           text NOT NULL,
        incident_id        uuid,
        note               text,
        requested_by       text NOT NULL,
        required_approvals integer NOT NULL CHECK (required_approvals IN (1, 2)),
        approved_by        text[] NOT NULL DEFAULT '{}',
        decision_reason    text,
        settled_by         text,
        settlement_reason  text,
        issued_at          timestamptz(3),
        settled_at         timestamptz(3),
        created_at         timestamptz(3) NOT NULL DEFAULT now(),
        updated_at         timestamptz(3) NOT NULL DEFAULT now(),
        -- The custody identity holds for every committed row, whatever the code does.
        CONSTRAINT advances_balanced CHECK (amount_fen = handed_over_fen + returned_fen + outstanding_fen),
        CONSTRAINT advances_settled_clean CHECK (status <> 'settled' OR outstanding_fen = 0),
        CHECK (NOT (requested_by = ANY (approved_by))),
        CHECK (cardinality(approved_by) <= required_approvals)
      )`);
    await q.query(`CREATE INDEX advances_page ON advances (created_at, id)`);
    await q.query(`CREATE INDEX advances_open ON advances (fund_id, team_id, status)`);

    await q.query(`
      CREATE TABLE advance_events (
        seq        bigserial PRIMARY KEY,
        advance_id uuid NOT NULL REFERENCES advances (id),
        action     text NOT NULL,
        actor_sub  text,
        actor_name text,
        reason     text,
        at         timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX advance_events_of ON advance_events (advance_id, seq)`);

    // One draw per disbursement: a re-sent visit never draws the advance down twice.
    await q.query(`
      CREATE TABLE advance_draws (
        disbursement_id uuid PRIMARY KEY REFERENCES disbursements (id),
        advance_id      uuid NOT NULL REFERENCES advances (id),
        visit_id        uuid NOT NULL,
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        at              timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX advance_draws_of ON advance_draws (advance_id, at)`);

    await q.query(`
      CREATE TABLE verifications (
        id              uuid PRIMARY KEY,
        fund_id         uuid NOT NULL REFERENCES funds (id),
        site_id         uuid,
        confidence      numeric(3,2) NOT NULL,
        margin_of_error numeric(5,4) NOT NULL,
        seed            text NOT NULL,
        population_size integer NOT NULL CHECK (population_size > 0),
        sample_size     integer NOT NULL CHECK (sample_size BETWEEN 1 AND population_size),
        org_code        text NOT NULL,
        incident_id     uuid,
        created_by      text NOT NULL,
        created_at      timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX verifications_fund ON verifications (fund_id, created_at)`);
    await q.query(`
      CREATE TABLE verification_items (
        verification_id     uuid NOT NULL REFERENCES verifications (id),
        disbursement_id     uuid NOT NULL REFERENCES disbursements (id),
        position            integer NOT NULL,
        beneficiary_id      uuid NOT NULL,
        site_id             uuid,
        amount_fen          bigint NOT NULL,
        outcome             text CHECK (outcome IN ('received','not_received','received_with_issues')),
        received_amount_fen bigint CHECK (received_amount_fen >= 0),
        note                text,
        recorded_by         text,
        recorded_at         timestamptz(3),
        PRIMARY KEY (verification_id, disbursement_id),
        UNIQUE (verification_id, position)
      )`);

    // Run-once jobs (e.g. disbursement expiry): the replica holding an unexpired lease runs them.
    await q.query(`
      CREATE TABLE job_leases (
        name       text PRIMARY KEY,
        holder     text NOT NULL,
        expires_at timestamptz(3) NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_leases`);
    await q.query(`DROP TABLE verification_items`);
    await q.query(`DROP TABLE verifications`);
    await q.query(`DROP TABLE advance_draws`);
    await q.query(`DROP TABLE advance_events`);
    await q.query(`DROP TABLE advances`);
    await q.query(`DROP TABLE team_replica`);
  }
}
