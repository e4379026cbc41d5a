import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox rows count their failed sends and are parked after too many; the spine's jobs hold leases. */
export class OutboxParkingAndRetention1765000000000 implements MigrationInterface {
  name = 'OutboxParkingAndRetention1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE outbox ADD COLUMN last_error text`);
    await q.query(`ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz`);
    await q.query(`ALTER TABLE outbox ADD COLUMN parked_at timestamptz`);
    // The relay's claim skips parked rows; the old partial indexes would still list them.
    await q.query(`DROP INDEX outbox_unpublished`);
    await q.query(`DROP INDEX outbox_unpublished_by_aggregate`);
    await q.query(
      `CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL AND parked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_unpublished_by_aggregate ON outbox (aggregate_id, seq) WHERE published_at IS NULL AND parked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX inbox_processed_at ON inbox (processed_at)`);
    // Run-once jobs of the spine (retention): the replica holding an unexpired lease runs them.
    await q.query(`
      CREATE TABLE messaging_lease (
        name       text PRIMARY KEY,
        holder     text NOT NULL,
        expires_at timestamptz(3) NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging_lease`);
    await q.query(`DROP INDEX inbox_processed_at`);
    await q.query(`DROP INDEX outbox_published_at`);
    await q.query(`DROP INDEX outbox_unpublished_by_aggregate`);
    await q.query(`DROP INDEX outbox_unpublished`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(
      `CREATE INDEX outbox_unpublished_by_aggregate ON outbox (aggregate_id, seq) WHERE published_at IS NULL`,
    );
    for (const column of ['parked_at', 'next_attempt_at', 'last_error', 'attempts']) {
      await q.query(`ALTER TABLE outbox DROP COLUMN ${column}`);
    }
  }
}
