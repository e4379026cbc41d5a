import { loadConfig } from '@aidflow/platform';
import { randomBytes } from 'node:crypto';
import { IntakeConfig } from '../config/intake.config';
import { PiiCipher } from './pii-cipher';

const ID = '11010519491231002X';
const key = () => randomBytes(32).toString('base64');

function cipherWith(env: Record<string, string> = {}): PiiCipher {
  return new PiiCipher(loadConfig(IntakeConfig, env));
}

describe('PiiCipher', () => {
  it('seals with the active key and opens again; the ciphertext hides the value', () => {
    const pii = cipherWith();
    const sealed = pii.seal('idNumber', ID);
    expect(sealed.keyId).toBe('dev-1');
    expect(sealed.cipher).not.toContain(ID);
    expect(Buffer.from(sealed.cipher, 'base64').toString('latin1')).not.toContain(ID);
    // 12-byte iv + 16-byte tag + one byte per ASCII character.
    expect(Buffer.from(sealed.cipher, 'base64')).toHaveLength(12 + 16 + ID.length);
    expect(pii.open('idNumber', sealed)).toBe(ID);
  });

  it('uses a fresh iv every time', () => {
    const pii = cipherWith();
    expect(pii.seal('phone', '13800138000').cipher).not.toBe(
      pii.seal('phone', '13800138000').cipher,
    );
  });

  it('refuses altered ciphertexts and ones sealed for another field', () => {
    const pii = cipherWith();
    const sealed = pii.seal('idNumber', ID);
    const raw = Buffer.from(sealed.cipher, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => pii.open('idNumber', { ...sealed, cipher: raw.toString('base64') })).toThrow();
    expect(() => pii.open('phone', sealed)).toThrow();
  });

  it('opens values written with a previous key after rotation', () => {
    const oldKey = key();
    const before = cipherWith({ PII_ENCRYPTION_KEYS: `k1:${oldKey}`, PII_ACTIVE_KEY_ID: 'k1' });
    const sealed = before.seal('idNumber', ID);
    const after = cipherWith({
      PII_ENCRYPTION_KEYS: `k1:${oldKey},k2:${key()}`,
      PII_ACTIVE_KEY_ID: 'k2',
    });
    expect(after.seal('idNumber', ID).keyId).toBe('k2');
    expect(after.open('idNumber', sealed)).toBe(ID);
    expect(() =>
      cipherWith({ PII_ENCRYPTION_KEYS: `k3:${key()}`, PII_ACTIVE_KEY_ID: 'k3' }).open(
        'idNumber',
        sealed,
      ),
    ).toThrow(/no PII key with id k1/);
  });

  it('hashes deterministically per HMAC key, as 64 hex characters', () => {
    const a = cipherWith();
    expect(a.lookupHash(ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.lookupHash(ID)).toBe(cipherWith().lookupHash(ID));
    expect(a.lookupHash(ID)).not.toBe(a.lookupHash('110105194912310037'));
    expect(cipherWith({ PII_HMAC_KEY: randomBytes(32).toString('hex') }).lookupHash(ID)).not.toBe(
      a.lookupHash(ID),
    );
  });
});
