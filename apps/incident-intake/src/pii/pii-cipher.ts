import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { IntakeConfig } from '../config/intake.config';
import { parseKeyRing, PiiKey } from './pii-keys';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a protected value is stored as: the ciphertext and the id of the key that wrote it. */
export interface Sealed {
  cipher: string;
  keyId: string;
}

/** Which field a ciphertext belongs to; bound as GCM associated data so values cannot be swapped. */
export type PiiField = 'idNumber' | 'phone' | 'note' | 'grievance';

/**
 * Encrypts personal identifiers (AES-256-GCM, base64 of iv|tag|ciphertext) with the active key and
 * hashes id numbers (HMAC-SHA-256) so duplicates are found without decrypting anything.
 */
@Injectable()
export class PiiCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly active: PiiKey;
  private readonly hmacKey: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: IntakeConfig) {
    const ring = parseKeyRing(config.PII_ENCRYPTION_KEYS);
    this.keys = new Map(ring.map((k) => [k.id, k.key]));
    const active = this.keys.get(config.PII_ACTIVE_KEY_ID);
    if (!active) throw new Error('PII_ACTIVE_KEY_ID names no key of PII_ENCRYPTION_KEYS');
    this.active = { id: config.PII_ACTIVE_KEY_ID, key: active };
    this.hmacKey = Buffer.from(config.PII_HMAC_KEY, 'utf8');
  }

  seal(field: PiiField, plain: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
    cipher.setAAD(Buffer.from(field, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      cipher: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
      keyId: this.active.id,
    };
  }

  /** Throws when the key is unknown or the ciphertext was altered (GCM authentication). */
  open(field: PiiField, sealed: Sealed): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`no PII key with id ${sealed.keyId} is configured`);
    const raw = Buffer.from(sealed.cipher, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(field, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Deterministic keyed hash (hex) of a normalised id number: the duplicate-detection key. */
  lookupHash(normalizedIdNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(normalizedIdNumber, 'utf8').digest('hex');
  }
}
