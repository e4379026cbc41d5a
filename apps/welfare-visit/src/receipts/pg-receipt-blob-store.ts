import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReceiptBlob, ReceiptBlobStore, ReceiptContentType } from './receipt-blob-store';

/** Receipt images as bytea rows of this service's schema. */
@Injectable()
export class PgReceiptBlobStore implements ReceiptBlobStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(blob: ReceiptBlob): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO receipt_blobs (sha256, content_type, byte_size, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [blob.sha256, blob.contentType, blob.bytes.length, blob.bytes],
    );
    return rows.length > 0;
  }

  async get(sha256: string): Promise<ReceiptBlob | null> {
    const [row] = await this.dataSource.query<
      { sha256: string; content_type: ReceiptContentType; bytes: Buffer }[]
    >(`SELECT sha256, content_type, bytes FROM receipt_blobs WHERE sha256 = $1`, [sha256]);
    return row ? { sha256: row.sha256, contentType: row.content_type, bytes: row.bytes } : null;
  }
}
