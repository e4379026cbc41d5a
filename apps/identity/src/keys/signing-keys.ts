// Signing keys and cookie secrets, generated at first start and kept on disk (mode 0600).
// Rotation (README): put a new key first in jwks.json and restart; keep the old one until every
// token it signed has expired (the refresh token lifetime), then remove it.
import { generateKeyPairSync, JsonWebKey, randomBytes, randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface ProviderSecrets {
  /** Private JWKs: the first of each type signs, the others only verify (rotation). */
  jwks: { keys: JsonWebKey[] };
  cookieKeys: string[];
}

function newKey(kind: 'ec' | 'rsa'): JsonWebKey {
  const { privateKey } =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomUUID(), use: 'sig', alg: kind === 'ec' ? 'ES256' : 'RS256' };
}

function readOrCreate<T>(file: string, create: () => T): T {
  if (!existsSync(file)) {
    // Written whole under a private name, then linked: a second identity process starting at the
    // same moment either links first or reads a complete file, never a half-written one.
    const draft = `${file}.${process.pid}.tmp`;
    writeFileSync(draft, `${JSON.stringify(create(), null, 2)}\n`, { mode: 0o600 });
    chmodSync(draft, 0o600);
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function loadSecrets(dir: string): ProviderSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // ES256 signs access tokens; RS256 is the ID token default every relying party supports.
  const jwks = readOrCreate(join(dir, 'jwks.json'), () => ({
    keys: [newKey('ec'), newKey('rsa')],
  }));
  const cookies = readOrCreate(join(dir, 'cookie-keys.json'), () => ({
    keys: [randomBytes(32).toString('base64url')],
  }));
  return { jwks, cookieKeys: cookies.keys };
}
