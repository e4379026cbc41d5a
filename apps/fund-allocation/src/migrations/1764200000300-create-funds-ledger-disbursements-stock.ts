import { MigrationInterface, QueryRunner } from 'typeorm';

/** Funds with ledger-checked balances, allocations, disbursements, the beneficiary replica and stock. */
export class CreateFundsLedgerDisbursementsStock1764200000300 implements MigrationInterface {
  name = 'CreateFundsLedgerDisbursementsStock1764200000300';

  async up(q: QueryRunner): Promise<void> {
    // Known from beneficiary.registered only: ids and scope, never personal data.
    await q.query(`
      CREATE TABLE beneficiary_replica (
        id          uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        org_code    text NOT NULL,
        site_id     uuid,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE funds (
        id                 uuid PRIMARY KEY,
        code               text NOT NULL,
        name               text NOT NULL,
        source             text NOT NULL CHECK (source IN ('central_fiscal','local_fiscal','union')),
        purpose            text NOT NULL CHECK (purpose IN ('condolence','working','relief','other')),
        owner_org_code     text NOT NULL,
        incident_id        uuid,
        parent_fund_id     uuid REFERENCES funds (id),
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        allocated_down_fen bigint NOT NULL DEFAULT 0 CHECK (allocated_down_fen >= 0),
        reserved_fen       bigint NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0),
        delivered_fen      bigint NOT NULL DEFAULT 0 CHECK (delivered_fen >= 0),
        available_fen      bigint NOT NULL CHECK (available_fen >= 0),
        created_by         text,
        created_at         timestamptz(3) NOT NULL DEFAULT now(),
        updated_at         timestamptz(3) NOT NULL DEFAULT now(),
        -- The reconciliation identity holds for every committed row, whatever the code does.
        CONSTRAINT funds_balanced
          CHECK (amount_fen = allocated_down_fen + reserved_fen + delivered_fen + available_fen)
      )`);
    await q.query(`CREATE UNIQUE INDEX funds_code ON funds (code)`);
    await q.query(`CREATE INDEX funds_owner ON funds (owner_org_code, created_at, id)`);
    await q.query(`CREATE INDEX funds_incident ON funds (incident_id, created_at, id)`);
    await q.query(`CREATE INDEX funds_parent ON funds (parent_fund_id)`);

    await q.query(`
      CREATE TABLE allocations (
        id            uuid PRIMARY KEY,
        from_fund_id  uuid NOT NULL REFERENCES funds (id),
        to_fund_id    uuid NOT NULL UNIQUE REFERENCES funds (id),
        from_org_code text NOT NULL,
        to_org_code   text NOT NULL,
        amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
        purpose       text NOT NULL,
        note          text,
        created_by    text,
        created_at    timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (from_fund_id <> to_fund_id AND from_org_code <> to_org_code)
      )`);
    await q.query(`CREATE INDEX allocations_from ON allocations (from_fund_id, created_at)`);

    await q.query(`
      CREATE TABLE disbursements (
        id                 uuid PRIMARY KEY,
        fund_id            uuid NOT NULL REFERENCES funds (id),
        beneficiary_id     uuid NOT NULL REFERENCES beneficiary_replica (id),
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        purpose            text NOT NULL,
        note               text,
        status             text NOT NULL CHECK (status IN
                             ('requested','partially_approved','approved','delivered','rejected','cancelled')),
        org_code           text NOT NULL,
        incident_id        uuid,
        requested_by       text NOT NULL,
        required_approvals integer NOT NULL CHECK (required_approvals IN (1, 2)),
        approved_by        text[] NOT NULL DEFAULT '{}',
        allow_repeat       boolean NOT NULL DEFAULT false,
        repeat_reason      text,
        decision_reason    text,
        delivered_visit_id uuid,
        created_at         timestamptz(3) NOT NULL DEFAULT now(),
        updated_at         timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (allow_repeat = (repeat_reason IS NOT NULL)),
        -- Maker-checker in the data too: the requester is never among the approvers.
        CHECK (NOT (requested_by = ANY (approved_by))),
        CHECK (cardinality(approved_by) <= required_approvals),
        CHECK ((status = 'delivered') = (delivered_visit_id IS NOT NULL))
      )`);
    // One open or delivered disbursement per beneficiary and fund, unless the request says it repeats
    // on purpose: concurrent duplicates meet here, not in a prior SELECT.
    await q.query(`
      CREATE UNIQUE INDEX disbursements_no_repeat ON disbursements (fund_id, beneficiary_id)
      WHERE NOT allow_repeat AND status IN ('requested','partially_approved','approved','delivered')`);
    await q.query(`CREATE INDEX disbursements_page ON disbursements (created_at, id)`);
    await q.query(`CREATE INDEX disbursements_fund ON disbursements (fund_id, created_at, id)`);
    await q.query(`CREATE INDEX disbursements_beneficiary ON disbursements (beneficiary_id)`);

    await q.query(`
      CREATE TABLE disbursement_events (
        seq             bigserial PRIMARY KEY,
        disbursement_id uuid NOT NULL REFERENCES disbursements (id),
        action          text NOT NULL CHECK (action IN
                          ('requested','partially_approved','approved','delivered','rejected','cancelled')),
        actor_sub       text,
        actor_name      text,
        reason          text,
        visit_id        uuid,
        at              timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX disbursement_events_of ON disbursement_events (disbursement_id, seq)`,
    );

    // Double entry: every movement is rows summing to zero; a fund's balances equal its rows' sums
    // per bucket ('funding' is money entering the fund from outside, so amount = -sum(funding)).
    await q.query(`
      CREATE TABLE ledger_entries (
        seq             bigserial PRIMARY KEY,
        movement_id     uuid NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('funding','allocation','reservation','delivery','release')),
        fund_id         uuid NOT NULL REFERENCES funds (id),
        bucket          text NOT NULL CHECK (bucket IN ('funding','available','reserved','delivered','allocated_down')),
        delta_fen       bigint NOT NULL CHECK (delta_fen <> 0),
        allocation_id   uuid,
        disbursement_id uuid,
        visit_id        uuid,
        actor_sub       text,
        at              timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entries_fund ON ledger_entries (fund_id, seq)`);
    await q.query(`CREATE INDEX ledger_entries_movement ON ledger_entries (movement_id)`);
    // The ledger is history: rows are added, never changed.
    await q.query(`
      CREATE FUNCTION ledger_entries_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_forbid_change()`);

    await q.query(`
      CREATE TABLE stock_items (
        org_code       text NOT NULL,
        item_code      text NOT NULL,
        name           text NOT NULL,
        received_qty   bigint NOT NULL DEFAULT 0 CHECK (received_qty >= 0),
        delivered_qty  bigint NOT NULL DEFAULT 0 CHECK (delivered_qty >= 0),
        updated_at     timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (org_code, item_code),
        -- On hand never below zero.
        CONSTRAINT stock_items_on_hand CHECK (delivered_qty <= received_qty)
      )`);
    await q.query(`
      CREATE TABLE stock_movements (
        id             uuid PRIMARY KEY,
        kind           text NOT NULL CHECK (kind IN ('receipt','delivery')),
        org_code       text NOT NULL,
        item_code      text NOT NULL,
        quantity       bigint NOT NULL CHECK (quantity > 0),
        visit_id       uuid,
        beneficiary_id uuid,
        actor_sub      text,
        at             timestamptz(3) NOT NULL DEFAULT now(),
        FOREIGN KEY (org_code, item_code) REFERENCES stock_items (org_code, item_code),
        CHECK ((kind = 'delivery') = (visit_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX stock_movements_item ON stock_movements (org_code, item_code, at)`);

    // One alert per problem line of a source event, however often the event is retried.
    await q.query(`
      CREATE TABLE discrepancies (
        id              uuid PRIMARY KEY,
        source_event_id uuid NOT NULL,
        line_key        text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('cash','stock')),
        visit_id        uuid,
        disbursement_id uuid,
        item_code       text,
        expected        bigint NOT NULL,
        actual          bigint NOT NULL,
        org_code        text NOT NULL,
        reason          text NOT NULL,
        at              timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (source_event_id, line_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE discrepancies`);
    await q.query(`DROP TABLE stock_movements`);
    await q.query(`DROP TABLE stock_items`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_forbid_change()`);
    await q.query(`DROP TABLE disbursement_events`);
    await q.query(`DROP TABLE disbursements`);
    await q.query(`DROP TABLE allocations`);
    await q.query(`DROP TABLE funds`);
    await q.query(`DROP TABLE beneficiary_replica`);
  }
}
