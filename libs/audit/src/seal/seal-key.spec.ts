import { generateKeyPairSync } from 'node:crypto';
import { headSignatureValid, HeadStatement, signHead } from './head';
import { DEV_AUDIT_SIGNING_KEY, loadSealKey, publicKeyFromHex } from './seal-key';

const statement: HeadStatement = {
  log: 'funds',
  batch: 1,
  size: 2,
  treeSize: 2,
  lastTx: '900',
  lastSeq: '2',
  root: 'a'.repeat(64),
  prevHead: null,
  sealedAt: '2025-01-02T03:04:05.678Z',
};

describe('loadSealKey', () => {
  it('uses the development key when unset, and refuses it in production', () => {
    expect(loadSealKey('', 'development').development).toBe(true);
    expect(() => loadSealKey('', 'production')).toThrow(/refusing to start in production/);
    expect(() => loadSealKey(DEV_AUDIT_SIGNING_KEY, 'production')).toThrow(/development/);
  });

  it('loads a hex seed or a PEM, and refuses anything else', () => {
    const seed = loadSealKey('11'.repeat(32), 'production');
    expect(seed.development).toBe(false);
    expect(seed.keyId).toMatch(/^[0-9a-f]{16}$/);
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(loadSealKey(pem.toString(), 'production').publicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(() => loadSealKey('not a key', 'development')).toThrow(/64 hex/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() =>
      loadSealKey(rsa.export({ format: 'pem', type: 'pkcs8' }).toString(), 'test'),
    ).toThrow(/Ed25519/);
  });

  it('signs heads that verify with the published raw public key only', () => {
    const key = loadSealKey('22'.repeat(32), 'test');
    const signature = signHead(statement, key.privateKey);
    const published = publicKeyFromHex(key.publicKeyHex);
    expect(headSignatureValid(statement, signature, published)).toBe(true);
    expect(headSignatureValid({ ...statement, size: 3 }, signature, published)).toBe(false);
    const other = publicKeyFromHex(loadSealKey('33'.repeat(32), 'test').publicKeyHex);
    expect(headSignatureValid(statement, signature, other)).toBe(false);
  });
});
