import { MigrationInterface, QueryRunner } from 'typeorm';

/** Results of idempotent writes, per actor and client-chosen key (Idempotency-Key header or client id). */
export class CreateIdempotencyKeys1764150000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor        text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        result       jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
