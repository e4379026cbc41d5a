import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/** Anyone can read this seed: it signs development and test logs only; production refuses it. */
export const DEV_AUDIT_SIGNING_KEY = createHash('sha256')
  .update('aidflow development audit signing key')
  .digest('hex');

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), so node:crypto can load it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// SPKI wrapping of a raw 32-byte Ed25519 public key.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SealKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw public key, hex (what verifiers are given). */
  publicKeyHex: string;
  keyId: string;
  development: boolean;
}

export class UnsafeAuditKeyError extends Error {
  override name = 'UnsafeAuditKeyError';
}

/**
 * The sealer's Ed25519 key from AUDIT_SIGNING_KEY: 64 hex characters (the 32-byte seed, e.g.
 * `openssl rand -hex 32`) or a PKCS#8 PEM. Empty means the development key, refused in production.
 */
export function loadSealKey(setting: string, nodeEnv: string): SealKey {
  const value = setting.trim() === '' ? DEV_AUDIT_SIGNING_KEY : setting.trim();
  const development = value === DEV_AUDIT_SIGNING_KEY;
  if (development && nodeEnv === 'production') {
    throw new UnsafeAuditKeyError(
      'refusing to start in production with the development AUDIT_SIGNING_KEY: set 64 hex characters (openssl rand -hex 32) or a PKCS#8 Ed25519 PEM',
    );
  }
  let privateKey: KeyObject;
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(value, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
  } else if (value.startsWith('-----BEGIN')) {
    privateKey = createPrivateKey(value);
  } else {
    throw new UnsafeAuditKeyError('AUDIT_SIGNING_KEY must be 64 hex characters or a PEM key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new UnsafeAuditKeyError('AUDIT_SIGNING_KEY must be an Ed25519 key');
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyHex = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyHex, keyId: keyIdOf(publicKeyHex), development };
}

/** A verifier's key from the raw public key (hex) a sealer printed or published. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('an Ed25519 public key is 64 hex characters');
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export function rawPublicKey(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32).toString('hex');
}

export function keyIdOf(publicKeyHex: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 16);
}
