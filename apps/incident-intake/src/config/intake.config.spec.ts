import { ConfigError, loadConfig } from '@aidflow/platform';
import { randomBytes } from 'node:crypto';
import {
  DEV_PII_ACTIVE_KEY_ID,
  DEV_PII_ENCRYPTION_KEYS,
  DEV_PII_HMAC_KEY,
  IntakeConfig,
} from './intake.config';

const key = () => randomBytes(32).toString('base64');
/** Everything production needs besides the PII keys (the shared auth check is not ours to test). */
const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: randomBytes(32).toString('hex') };

function problemsOf(env: Record<string, string>): { variable: string; problem: string }[] {
  try {
    loadConfig(IntakeConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('IntakeConfig', () => {
  it('boots embedded with the dev keys', () => {
    const config = loadConfig(IntakeConfig, {});
    expect(config.PII_ENCRYPTION_KEYS).toBe(DEV_PII_ENCRYPTION_KEYS);
    expect(config.PII_ACTIVE_KEY_ID).toBe(DEV_PII_ACTIVE_KEY_ID);
    expect(config.PII_HMAC_KEY).toBe(DEV_PII_HMAC_KEY);
  });

  it('refuses to boot in production on the dev defaults', () => {
    const problems = problemsOf(PRODUCTION);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          variable: 'PII_ENCRYPTION_KEYS',
          problem: 'must not be the development default in production',
        },
        { variable: 'PII_HMAC_KEY', problem: 'must not be the development default in production' },
      ]),
    );
  });

  it('boots in production with keys of its own, the dev key kept only for old ciphertexts', () => {
    const config = loadConfig(IntakeConfig, {
      ...PRODUCTION,
      PII_ENCRYPTION_KEYS: `2025-01:${key()},2025-06:${key()}`,
      PII_ACTIVE_KEY_ID: '2025-06',
      PII_HMAC_KEY: randomBytes(32).toString('hex'),
    });
    expect(config.PII_ACTIVE_KEY_ID).toBe('2025-06');
  });

  it.each([
    [
      'a key of the wrong length',
      { PII_ENCRYPTION_KEYS: `k1:${randomBytes(16).toString('base64')}` },
      'PII_ENCRYPTION_KEYS',
    ],
    ['an entry without an id', { PII_ENCRYPTION_KEYS: key() }, 'PII_ENCRYPTION_KEYS'],
    [
      'a duplicated key id',
      { PII_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}`, PII_ACTIVE_KEY_ID: 'k1' },
      'PII_ENCRYPTION_KEYS',
    ],
    ['an active id naming no key', { PII_ACTIVE_KEY_ID: 'nope' }, 'PII_ACTIVE_KEY_ID'],
    ['a short HMAC key', { PII_HMAC_KEY: 'short' }, 'PII_HMAC_KEY'],
  ])('refuses %s', (_label, env, variable) => {
    expect(problemsOf(env).map((p) => p.variable)).toContain(variable);
  });

  it('never puts key material in its error messages', () => {
    const secret = randomBytes(16).toString('base64');
    const problems = problemsOf({ PII_ENCRYPTION_KEYS: `k1:${secret}`, PII_ACTIVE_KEY_ID: 'k1' });
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).not.toContain(secret);
  });
});
