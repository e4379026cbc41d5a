import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-ins ended before their access tokens expire: the services poll this list (revocation/). */
export class RevokedGrants1764950000000 implements MigrationInterface {
  name = 'RevokedGrants1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revoked_grants (
        grant_id text PRIMARY KEY,
        revoked_at timestamptz NOT NULL DEFAULT now(),
        -- After this no access token of the grant can still be valid: the row is no longer needed.
        until timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_grants_until ON revoked_grants (until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revoked_grants`);
  }
}
