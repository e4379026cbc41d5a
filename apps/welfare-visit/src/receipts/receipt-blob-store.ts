/** The image types a receipt may have (CONTRACT.md, Receipts). */
export const RECEIPT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ReceiptContentType = (typeof RECEIPT_CONTENT_TYPES)[number];

export interface ReceiptBlob {
  sha256: string;
  contentType: ReceiptContentType;
  bytes: Buffer;
}

/**
 * Where receipt images live, keyed by their SHA-256. PostgreSQL by default; an S3-compatible
 * store implements the same two calls (put is idempotent: the key is the content).
 */
export interface ReceiptBlobStore {
  /** Stores the bytes under their hash; true if they were not there yet. */
  put(blob: ReceiptBlob): Promise<boolean>;
  get(sha256: string): Promise<ReceiptBlob | null>;
}

export const RECEIPT_BLOB_STORE = Symbol('RECEIPT_BLOB_STORE');
