import { MigrationInterface, QueryRunner } from 'typeorm';

/** The org tree replica and the append-only audit trail, in every service's own schema (search_path). */
export class CreateOrgReplicaAndAuditLog1764100000000 implements MigrationInterface {
  name = 'CreateOrgReplicaAndAuditLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_replica (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL,
        parent_code text,
        path        text[] NOT NULL CHECK (cardinality(path) >= 1),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Subtree questions are `path @> ARRAY[code]`, which a GIN index answers.
    await q.query(`CREATE INDEX org_replica_path ON org_replica USING gin (path)`);

    await q.query(`
      CREATE TABLE audit_log (
        seq          bigserial PRIMARY KEY,
        at           timestamptz NOT NULL,
        actor_sub    text,
        actor_name   text,
        actor_roles  text[] NOT NULL DEFAULT '{}',
        actor_org    text,
        action       text NOT NULL,
        target_type  text NOT NULL,
        target_id    text NOT NULL,
        summary      jsonb NOT NULL DEFAULT '{}',
        request_id   text,
        prev_hash    text,
        hash         text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_target_type ON audit_log (target_type, seq DESC)`);
    // Append-only in the database too: only a superuser disabling the trigger can rewrite history,
    // and the hash chain then shows it.
    await q.query(`
      CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_forbid_change()`);
    await q.query(`DROP TABLE org_replica`);
  }
}
