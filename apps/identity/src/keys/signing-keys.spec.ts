import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecrets } from './signing-keys';

describe('loadSecrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an ES256 and an RS256 key at first start (0600) and keeps them afterwards', () => {
    const first = loadSecrets(dir);
    expect(first.jwks.keys.map((k) => (k as { alg?: string }).alg)).toEqual(['ES256', 'RS256']);
    expect(first.jwks.keys.every((k) => typeof k.d === 'string')).toBe(true);
    expect(statSync(join(dir, 'jwks.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cookie-keys.json')).mode & 0o777).toBe(0o600);
    expect(loadSecrets(dir)).toEqual(first);
  });
});
