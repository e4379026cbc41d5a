import { MigrationInterface, QueryRunner } from 'typeorm';

/** Household assessments, tier history, last visits, relapse rules and their follow-ups, job leases. */
export class HouseholdFileAndRelapseMonitoring1764900000100 implements MigrationInterface {
  name = 'HouseholdFileAndRelapseMonitoring1764900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household_assessments (
        id                     uuid PRIMARY KEY,
        beneficiary_id         uuid NOT NULL REFERENCES beneficiaries (id),
        org_code               text NOT NULL,
        assessed_at            timestamptz(3) NOT NULL,
        monthly_income_fen     bigint CHECK (monthly_income_fen >= 0),
        household_size         integer NOT NULL CHECK (household_size BETWEEN 1 AND 100),
        shocks                 text[] NOT NULL DEFAULT '{}',
        essential_spending_fen bigint CHECK (essential_spending_fen >= 0),
        tier                   text NOT NULL CHECK (tier IN ('deep','relative','accident','none')),
        note_cipher            text,
        note_key_id            text,
        recorded_by            text,
        recorded_at            timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX household_assessments_latest
         ON household_assessments (beneficiary_id, assessed_at DESC, recorded_at DESC)`,
    );
    await q.query(`
      CREATE TABLE household_tier_changes (
        assessment_id  uuid PRIMARY KEY REFERENCES household_assessments (id),
        beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id),
        from_tier      text NOT NULL,
        to_tier        text NOT NULL,
        changed_at     timestamptz(3) NOT NULL
      )`);
    await q.query(
      `CREATE INDEX household_tier_changes_history ON household_tier_changes (beneficiary_id, changed_at)`,
    );
    // Fed by visit.logged: the deep-tier "not visited for N days" rule reads it.
    await q.query(`
      CREATE TABLE household_last_visits (
        beneficiary_id  uuid PRIMARY KEY,
        last_visited_at timestamptz(3) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE monitoring_rules (
        code       text PRIMARY KEY,
        enabled    boolean NOT NULL,
        params     jsonb NOT NULL,
        updated_by text,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO monitoring_rules (code, enabled, params) VALUES
        ('low_income_per_person', true, '{"povertyLineFen": 33300, "thresholdPercent": 150}'),
        ('spending_above_income', true, '{}'),
        ('new_shock', true, '{"shocks": ["illness","disability","disaster","job_loss","education","other"]}'),
        ('deep_not_visited', true, '{"days": 30}'),
        ('left_support_watch', true, '{"months": 12}')`);
    await q.query(`
      CREATE TABLE relapse_follow_ups (
        id             uuid PRIMARY KEY,
        beneficiary_id uuid NOT NULL REFERENCES beneficiaries (id),
        org_code       text NOT NULL,
        rule_code      text NOT NULL REFERENCES monitoring_rules (code),
        reason         text NOT NULL,
        status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        opened_at      timestamptz(3) NOT NULL DEFAULT now(),
        assignee_id    text,
        closed_at      timestamptz(3),
        closed_by      text,
        outcome        text,
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    // One open follow-up per household and rule, whichever replica or transaction evaluates.
    await q.query(
      `CREATE UNIQUE INDEX relapse_follow_ups_one_open
         ON relapse_follow_ups (beneficiary_id, rule_code) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX relapse_follow_ups_page ON relapse_follow_ups (opened_at, id)`);
    // Run-once jobs (the scheduled rule sweep): the replica holding an unexpired lease runs them.
    await q.query(`
      CREATE TABLE job_leases (
        name       text PRIMARY KEY,
        holder     text NOT NULL,
        expires_at timestamptz(3) NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_leases`);
    await q.query(`DROP TABLE relapse_follow_ups`);
    await q.query(`DROP TABLE monitoring_rules`);
    await q.query(`DROP TABLE household_last_visits`);
    await q.query(`DROP TABLE household_tier_changes`);
    await q.query(`DROP TABLE household_assessments`);
  }
}
