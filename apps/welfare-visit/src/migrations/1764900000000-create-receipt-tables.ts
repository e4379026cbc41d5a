import { MigrationInterface, QueryRunner } from 'typeorm';

/** Receipt images (content-addressed blobs) and which visit each confirmed receipt belongs to. */
export class CreateReceiptTables1764900000000 implements MigrationInterface {
  name = 'CreateReceiptTables1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // The PostgreSQL receipt store; an S3-compatible store would replace only this table.
    await q.query(`
      CREATE TABLE receipt_blobs (
        sha256       text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
        byte_size    integer NOT NULL CHECK (byte_size > 0),
        bytes        bytea NOT NULL,
        created_at   timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (octet_length(bytes) = byte_size)
      )`);
    // Images are already compressed: TOAST compression would only burn CPU.
    await q.query(`ALTER TABLE receipt_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL`);
    // No foreign key to receipt_blobs: the blob may live in another store.
    await q.query(`
      CREATE TABLE visit_receipts (
        visit_id     uuid NOT NULL REFERENCES visits (id),
        sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_type text NOT NULL,
        byte_size    integer NOT NULL,
        stored_by    text NOT NULL,
        stored_at    timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (visit_id, sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE visit_receipts`);
    await q.query(`DROP TABLE receipt_blobs`);
  }
}
