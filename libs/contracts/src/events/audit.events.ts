import {
  CountField,
  PatternField,
  SHA256_HEX_PATTERN,
  TextField,
  TimestampField,
} from '../validation/fields';

const DIGITS = /^[0-9]{1,20}$/;

/**
 * The signed head of one sealed batch of a service's audit log. Published so that a copy of every
 * head lives outside the database: a truncated tail (rows and seals removed) is then detectable.
 */
export class AuditSealedV1 {
  /** Which audit log: the service's database schema. */
  @TextField(100)
  log!: string;

  /** 1, 2, 3, … without gaps. */
  @CountField(1, Number.MAX_SAFE_INTEGER)
  batch!: number;

  /** Rows in this batch (the Merkle tree's leaves). */
  @CountField(1, 1_000_000)
  size!: number;

  /** Rows sealed from the first batch through this one. */
  @CountField(1, Number.MAX_SAFE_INTEGER)
  treeSize!: number;

  /** Commit-order cursor of the batch's last row: writer transaction id (xid8) and seq, as text. */
  @PatternField(DIGITS, '$property must be a decimal transaction id')
  lastTx!: string;

  @PatternField(DIGITS, '$property must be a decimal seq')
  lastSeq!: string;

  /** Merkle root (RFC 6962 hashing) of the batch's rows, hex sha256. */
  @PatternField(SHA256_HEX_PATTERN, '$property must be hex sha256')
  root!: string;

  /** Head of the previous batch; absent for batch 1. */
  @PatternField(SHA256_HEX_PATTERN, '$property must be hex sha256', { optional: true })
  prevHead?: string;

  /** sha256 of the signed statement (log, batch, size, treeSize, cursor, root, prevHead, sealedAt). */
  @PatternField(SHA256_HEX_PATTERN, '$property must be hex sha256')
  head!: string;

  /** First 16 hex of sha256(raw Ed25519 public key). */
  @PatternField(/^[0-9a-f]{16}$/, '$property must be 16 hex characters')
  keyId!: string;

  /** Ed25519 signature of the statement, base64. */
  @PatternField(/^[A-Za-z0-9+/]{86}==$/, '$property must be a base64 Ed25519 signature')
  signature!: string;

  @TimestampField()
  sealedAt!: string;
}
