import { MigrationInterface, QueryRunner } from 'typeorm';

/** The user directory and the OpenID provider's own records (sessions, grants, codes, tokens). */
export class CreateIdentity1764700000000 implements MigrationInterface {
  name = 'CreateIdentity1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        sub text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        name text NOT NULL,
        roles text[] NOT NULL,
        org_code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One table for every model kind, as oidc-provider's adapter interface is per kind and id.
    await q.query(`
      CREATE TABLE oidc_payload (
        kind text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        grant_id text,
        user_code text,
        uid text,
        expires_at timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (kind, id)
      )`);
    await q.query(`CREATE INDEX oidc_payload_grant ON oidc_payload (grant_id)`);
    await q.query(`CREATE INDEX oidc_payload_uid ON oidc_payload (uid)`);
    await q.query(`CREATE INDEX oidc_payload_user_code ON oidc_payload (user_code)`);
    await q.query(`CREATE INDEX oidc_payload_expires ON oidc_payload (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_payload`);
    await q.query(`DROP TABLE users`);
  }
}
