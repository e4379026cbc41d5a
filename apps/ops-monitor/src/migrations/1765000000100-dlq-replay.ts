import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dead letters keep their message (bytes as received) and an id, so they can be listed and replayed. */
export class DlqReplay1765000000100 implements MigrationInterface {
  name = 'DlqReplay1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dlq_message ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`CREATE UNIQUE INDEX dlq_message_id ON dlq_message (id)`);
    await q.query(`CREATE INDEX dlq_message_listing ON dlq_message (received_at DESC, id DESC)`);
    // bytea: a dead letter may be malformed JSON, invalid UTF-8 or carry NUL bytes.
    await q.query(`ALTER TABLE dlq_message ADD COLUMN value bytea`);
    await q.query(`ALTER TABLE dlq_message ADD COLUMN message_key text`);
    await q.query(`ALTER TABLE dlq_message ADD COLUMN event_id text`);
    await q.query(`ALTER TABLE dlq_message ADD COLUMN replays integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE dlq_message ADD COLUMN replayed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dlq_message_listing`);
    await q.query(`DROP INDEX dlq_message_id`);
    for (const column of ['replayed_at', 'replays', 'event_id', 'message_key', 'value', 'id']) {
      await q.query(`ALTER TABLE dlq_message DROP COLUMN ${column}`);
    }
  }
}
