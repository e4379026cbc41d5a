import { MigrationInterface, QueryRunner } from 'typeorm';

/** The event log the SSE stream resumes from, the projections behind the summary, and alerts. */
export class CreateOpsProjections1764300000000 implements MigrationInterface {
  name = 'CreateOpsProjections1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_log (
        seq         bigserial PRIMARY KEY,
        event_id    uuid NOT NULL UNIQUE,
        type        text NOT NULL,
        incident_id uuid,
        org_code    text,
        occurred_at timestamptz NOT NULL,
        envelope    jsonb NOT NULL,
        logged_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_log_by_incident ON event_log (incident_id, seq)`);

    await q.query(`
      CREATE TABLE incident_view (
        incident_id   uuid PRIMARY KEY,
        title         text NOT NULL,
        kind          text NOT NULL,
        status        text NOT NULL,
        response_level text NOT NULL,
        lead_org_code text NOT NULL,
        occurred_at   timestamptz NOT NULL,
        reported_at   timestamptz NOT NULL
      )`);

    // Descriptive columns stay null until fund.created arrives: other fund events may overtake it.
    await q.query(`
      CREATE TABLE fund_view (
        fund_id            uuid PRIMARY KEY,
        code               text,
        name               text,
        source             text,
        purpose            text,
        owner_org_code     text,
        incident_id        uuid,
        parent_fund_id     uuid,
        amount_fen         bigint NOT NULL DEFAULT 0,
        allocated_down_fen bigint NOT NULL DEFAULT 0 CHECK (allocated_down_fen >= 0),
        reserved_fen       bigint NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0),
        delivered_fen      bigint NOT NULL DEFAULT 0 CHECK (delivered_fen >= 0),
        created_at         timestamptz
      )`);
    await q.query(`CREATE INDEX fund_view_by_incident ON fund_view (incident_id)`);
    await q.query(`CREATE INDEX fund_view_by_parent ON fund_view (parent_fund_id)`);

    await q.query(`
      CREATE TABLE allocation_view (
        allocation_id uuid PRIMARY KEY,
        from_fund_id  uuid NOT NULL,
        to_fund_id    uuid NOT NULL,
        amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
        incident_id   uuid,
        allocated_at  timestamptz NOT NULL
      )`);

    // One timestamp per lifecycle step: the fund deltas are derived from which steps were seen.
    await q.query(`
      CREATE TABLE disbursement_view (
        disbursement_id       uuid PRIMARY KEY,
        fund_id               uuid NOT NULL,
        beneficiary_id        uuid,
        amount_fen            bigint CHECK (amount_fen > 0),
        org_code              text NOT NULL,
        incident_id           uuid,
        requested_at          timestamptz,
        partially_approved_at timestamptz,
        approved_at           timestamptz,
        rejected_at           timestamptz,
        cancelled_at          timestamptz,
        delivered_at          timestamptz
      )`);
    await q.query(`CREATE INDEX disbursement_view_by_fund ON disbursement_view (fund_id)`);
    await q.query(`CREATE INDEX disbursement_view_by_incident ON disbursement_view (incident_id)`);

    await q.query(`
      CREATE TABLE site_view (
        site_id       uuid PRIMARY KEY,
        incident_id   uuid NOT NULL,
        name          text NOT NULL,
        kind          text NOT NULL,
        area_code     text NOT NULL,
        org_code      text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX site_view_by_incident ON site_view (incident_id)`);

    await q.query(`
      CREATE TABLE beneficiary_view (
        beneficiary_id uuid PRIMARY KEY,
        incident_id    uuid NOT NULL,
        site_id        uuid,
        category       text NOT NULL,
        tier           text NOT NULL,
        org_code       text NOT NULL
      )`);
    await q.query(`CREATE INDEX beneficiary_view_by_incident ON beneficiary_view (incident_id)`);

    await q.query(`
      CREATE TABLE visit_view (
        visit_id    uuid PRIMARY KEY,
        site_id     uuid NOT NULL,
        team_id     uuid NOT NULL,
        incident_id uuid NOT NULL,
        org_code    text NOT NULL,
        visited_at  timestamptz NOT NULL,
        status      text NOT NULL,
        flagged     boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX visit_view_by_incident ON visit_view (incident_id, site_id)`);
    await q.query(`CREATE INDEX visit_view_by_site ON visit_view (site_id)`);

    await q.query(`
      CREATE TABLE visit_beneficiary (
        visit_id       uuid NOT NULL,
        beneficiary_id uuid NOT NULL,
        site_id        uuid NOT NULL,
        incident_id    uuid NOT NULL,
        PRIMARY KEY (visit_id, beneficiary_id)
      )`);
    await q.query(
      `CREATE INDEX visit_beneficiary_by_site ON visit_beneficiary (incident_id, site_id)`,
    );

    await q.query(`
      CREATE TABLE stock_item (
        org_code          text NOT NULL,
        item_code         text NOT NULL,
        name              text,
        received_quantity bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (org_code, item_code)
      )`);
    await q.query(`
      CREATE TABLE goods_delivery (
        event_id       uuid PRIMARY KEY,
        org_code       text NOT NULL,
        item_code      text NOT NULL,
        quantity       bigint NOT NULL CHECK (quantity > 0),
        visit_id       uuid NOT NULL,
        beneficiary_id uuid NOT NULL,
        incident_id    uuid,
        delivered_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX goods_delivery_by_visit ON goods_delivery (visit_id)`);

    await q.query(`
      CREATE TABLE followup_view (
        follow_up_id   uuid PRIMARY KEY,
        incident_id    uuid NOT NULL,
        site_id        uuid,
        beneficiary_id uuid,
        visit_id       uuid,
        kind           text,
        due_at         timestamptz,
        org_code       text NOT NULL,
        assignee_id    text,
        opened_at      timestamptz,
        closed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX followup_view_by_incident ON followup_view (incident_id)`);

    await q.query(`
      CREATE TABLE discrepancy (
        event_id        uuid PRIMARY KEY,
        kind            text NOT NULL,
        visit_id        uuid,
        disbursement_id uuid,
        item_code       text,
        expected        bigint NOT NULL,
        actual          bigint NOT NULL,
        org_code        text NOT NULL,
        incident_id     uuid,
        reason          text NOT NULL,
        reported_at     timestamptz NOT NULL,
        acknowledged_at timestamptz
      )`);

    // DLQ messages are not valid envelopes: they are identified by where they sit.
    await q.query(`
      CREATE TABLE dlq_message (
        topic           text NOT NULL,
        partition       integer NOT NULL,
        "offset"        bigint NOT NULL,
        origin_topic    text,
        reason          text,
        error           text,
        consumer_group  text,
        event_type      text,
        failed_at       timestamptz,
        received_at     timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        PRIMARY KEY (topic, partition, "offset")
      )`);

    await q.query(`
      CREATE TABLE alert (
        id           uuid PRIMARY KEY,
        rule         text NOT NULL,
        severity     text NOT NULL,
        subject_type text NOT NULL,
        subject_id   text NOT NULL,
        message      text NOT NULL,
        incident_id  uuid,
        org_code     text,
        raised_at    timestamptz NOT NULL,
        cleared_at   timestamptz,
        cleared_by   text
      )`);
    // At most one active alert per rule and subject, whoever raises it.
    await q.query(
      `CREATE UNIQUE INDEX alert_one_active ON alert (rule, subject_id) WHERE cleared_at IS NULL`,
    );
    await q.query(`CREATE INDEX alert_by_raised ON alert (raised_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'alert',
      'dlq_message',
      'discrepancy',
      'followup_view',
      'goods_delivery',
      'stock_item',
      'visit_beneficiary',
      'visit_view',
      'beneficiary_view',
      'site_view',
      'disbursement_view',
      'allocation_view',
      'fund_view',
      'incident_view',
      'event_log',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
