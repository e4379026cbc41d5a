import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A repeat answers byte for byte what the first request answered: `json` keeps the stored
 * result's text (key order included), `jsonb` re-sorted the keys. Replicas not yet upgraded
 * still write `::jsonb` values, which PostgreSQL casts on assignment.
 */
export class IdempotencyResultAsJson1766000000100 implements MigrationInterface {
  name = 'IdempotencyResultAsJson1766000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN result TYPE json USING result::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys ALTER COLUMN result TYPE jsonb USING result::jsonb`,
    );
  }
}
