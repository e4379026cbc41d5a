import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sealing instead of a writer-side chain: writers only insert (no lock, no hash); the sealer
 * reads committed rows in commit order (writer xid8, then seq) and seals them in signed batches.
 */
export class AuditSealing1764160000000 implements MigrationInterface {
  name = 'AuditSealing1764160000000';

  async up(q: QueryRunner): Promise<void> {
    // Rows already there get this migration's transaction id: sealed first, in seq order.
    await q.query(`ALTER TABLE audit_log ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    // The writer-side chain's columns stay for old rows only; the seals replace them.
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL`);
    await q.query(`CREATE INDEX audit_log_commit_order ON audit_log (tx, seq)`);
    await q.query(`
      CREATE TABLE audit_seal (
        batch      bigint PRIMARY KEY CHECK (batch >= 1),
        size       integer NOT NULL CHECK (size >= 1),
        tree_size  bigint NOT NULL,
        last_tx    xid8 NOT NULL,
        last_seq   bigint NOT NULL,
        seqs       bigint[] NOT NULL,
        leaves     text[] NOT NULL,
        root       text NOT NULL,
        prev_head  text,
        head       text NOT NULL,
        key_id     text NOT NULL,
        signature  text NOT NULL,
        sealed_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
      FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change()`);
    await q.query(`
      CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change()`);
    // One row: who seals (a lease that fails over) and how far the heads are published.
    await q.query(`
      CREATE TABLE audit_sealer (
        id              integer PRIMARY KEY CHECK (id = 1),
        holder          text,
        expires_at      timestamptz NOT NULL DEFAULT '-infinity',
        published_batch bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO audit_sealer (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_sealer`);
    await q.query(`DROP TABLE audit_seal`);
    await q.query(`DROP INDEX audit_log_commit_order`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN tx`);
  }
}
