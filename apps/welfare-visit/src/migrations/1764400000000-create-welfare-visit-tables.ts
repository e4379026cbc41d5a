import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models fed by other services' events, teams, visits with their lines, conflicts, follow-ups. */
export class CreateWelfareVisitTables1764400000000 implements MigrationInterface {
  name = 'CreateWelfareVisitTables1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Replicas carry no foreign keys: events of different aggregates may arrive in any order.
    await q.query(`
      CREATE TABLE incident_replica (
        id            uuid PRIMARY KEY,
        occurred_at   timestamptz NOT NULL,
        lead_org_code text NOT NULL,
        status        text NOT NULL CHECK (status IN ('open','responding','recovery','closed')),
        updated_at    timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE site_replica (
        id          uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        name        text NOT NULL,
        org_code    text NOT NULL,
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // No name, phone or id number: only what the visit rules need.
    await q.query(`
      CREATE TABLE beneficiary_replica (
        id          uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        site_id     uuid,
        org_code    text NOT NULL,
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE disbursement_replica (
        id             uuid PRIMARY KEY,
        -- rejected and cancelled events do not carry the beneficiary
        beneficiary_id uuid,
        amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
        status         text NOT NULL CHECK (status IN ('approved','delivered','rejected','cancelled')),
        reason         text,
        org_code       text NOT NULL,
        incident_id    uuid,
        updated_at     timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE teams (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        org_code   text NOT NULL,
        member_ids text[] NOT NULL CHECK (cardinality(member_ids) >= 1),
        site_ids   uuid[] NOT NULL CHECK (cardinality(site_ids) >= 1),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX teams_name_per_org ON teams (org_code, lower(name))`);
    await q.query(`CREATE INDEX teams_members ON teams USING gin (member_ids)`);

    await q.query(`
      CREATE TABLE visits (
        id           uuid PRIMARY KEY,
        team_id      uuid NOT NULL REFERENCES teams (id),
        site_id      uuid NOT NULL,
        incident_id  uuid NOT NULL,
        org_code     text NOT NULL,
        visited_at   timestamptz(3) NOT NULL,
        lat          double precision CHECK (lat BETWEEN -90 AND 90),
        lon          double precision CHECK (lon BETWEEN -180 AND 180),
        notes        text,
        status       text NOT NULL CHECK (status IN ('accepted','pending_verification','flagged')),
        flag_reason  text,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        logged_by    text NOT NULL,
        created_at   timestamptz(3) NOT NULL DEFAULT now(),
        verified_at  timestamptz(3),
        CHECK ((lat IS NULL) = (lon IS NULL)),
        CHECK ((status = 'flagged') = (flag_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX visits_page ON visits (created_at, id)`);
    await q.query(`CREATE INDEX visits_scope ON visits (org_code, created_at, id)`);
    await q.query(`CREATE INDEX visits_site ON visits (site_id, created_at, id)`);
    await q.query(`CREATE INDEX visits_team ON visits (team_id, created_at, id)`);

    await q.query(`
      CREATE TABLE visit_beneficiaries (
        visit_id       uuid NOT NULL REFERENCES visits (id),
        position       smallint NOT NULL CHECK (position >= 0),
        beneficiary_id uuid NOT NULL,
        needs          text[] NOT NULL DEFAULT '{}',
        receipt_sha256 text CHECK (receipt_sha256 ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (visit_id, position),
        UNIQUE (visit_id, beneficiary_id)
      )`);
    await q.query(`
      CREATE TABLE visit_cash_lines (
        visit_id        uuid NOT NULL,
        beneficiary_id  uuid NOT NULL,
        disbursement_id uuid NOT NULL,
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        verification    text NOT NULL CHECK (verification IN ('verified','pending','mismatch','void')),
        problem         text,
        PRIMARY KEY (visit_id, beneficiary_id),
        FOREIGN KEY (visit_id, beneficiary_id) REFERENCES visit_beneficiaries (visit_id, beneficiary_id),
        CHECK ((verification IN ('mismatch','void')) = (problem IS NOT NULL))
      )`);
    // The one guard against handing the same cash over twice, whatever the interleaving.
    await q.query(
      `CREATE UNIQUE INDEX visit_cash_lines_disbursement_once ON visit_cash_lines (disbursement_id)`,
    );
    await q.query(`
      CREATE TABLE visit_goods_lines (
        visit_id       uuid NOT NULL,
        beneficiary_id uuid NOT NULL,
        position       smallint NOT NULL CHECK (position >= 0),
        item_code      text NOT NULL,
        quantity       integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (visit_id, beneficiary_id, position),
        FOREIGN KEY (visit_id, beneficiary_id) REFERENCES visit_beneficiaries (visit_id, beneficiary_id)
      )`);

    await q.query(`
      CREATE TABLE visit_conflicts (
        id           uuid PRIMARY KEY,
        visit_id     uuid NOT NULL REFERENCES visits (id),
        org_code     text NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        incoming     jsonb NOT NULL,
        received_by  text NOT NULL,
        received_at  timestamptz(3) NOT NULL DEFAULT now(),
        -- the same conflicting version re-sent is kept once
        UNIQUE (visit_id, content_hash)
      )`);
    await q.query(
      `CREATE INDEX visit_conflicts_scope ON visit_conflicts (org_code, received_at, id)`,
    );

    await q.query(`
      CREATE TABLE follow_ups (
        id             uuid PRIMARY KEY,
        visit_id       uuid REFERENCES visits (id),
        team_id        uuid NOT NULL REFERENCES teams (id),
        beneficiary_id uuid NOT NULL,
        site_id        uuid NOT NULL,
        incident_id    uuid NOT NULL,
        org_code       text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('psychological','medical','housing','livelihood','other')),
        due_at         timestamptz(3) NOT NULL,
        status         text NOT NULL CHECK (status IN ('open','closed')),
        assignee_id    text,
        outcome        text,
        opened_by      text NOT NULL,
        created_at     timestamptz(3) NOT NULL DEFAULT now(),
        assigned_at    timestamptz(3),
        closed_by      text,
        closed_at      timestamptz(3),
        CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX follow_ups_once_per_visit_need ON follow_ups (visit_id, beneficiary_id, kind)
       WHERE visit_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX follow_ups_scope ON follow_ups (org_code, status, due_at, id)`);
    await q.query(`CREATE INDEX follow_ups_page ON follow_ups (due_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'follow_ups',
      'visit_conflicts',
      'visit_goods_lines',
      'visit_cash_lines',
      'visit_beneficiaries',
      'visits',
      'teams',
      'disbursement_replica',
      'beneficiary_replica',
      'site_replica',
      'incident_replica',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
