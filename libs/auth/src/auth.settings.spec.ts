import {
  assertAuthSettingsSafe,
  AuthSettings,
  DEV_JWT_SECRET,
  UnsafeAuthSettingsError,
} from './auth.settings';

const strong = 'x'.repeat(32);

function settings(overrides: Partial<AuthSettings>): AuthSettings {
  return { jwtSecret: strong, nodeEnv: 'production', ...overrides };
}

describe('assertAuthSettingsSafe', () => {
  it('refuses the default secret in production', () => {
    expect(() => assertAuthSettingsSafe(settings({ jwtSecret: DEV_JWT_SECRET }))).toThrow(
      UnsafeAuthSettingsError,
    );
    expect(() => assertAuthSettingsSafe(settings({ jwtSecret: DEV_JWT_SECRET }))).toThrow(
      /default AUTH_JWT_SECRET/,
    );
  });

  it('refuses a secret shorter than 32 bytes in production, counting bytes not characters', () => {
    expect(() => assertAuthSettingsSafe(settings({ jwtSecret: 'x'.repeat(31) }))).toThrow(
      /shorter than 32 bytes/,
    );
    // 11 three-byte characters = 33 bytes.
    expect(() => assertAuthSettingsSafe(settings({ jwtSecret: '工'.repeat(11) }))).not.toThrow();
  });

  it('accepts a long random secret in production', () => {
    expect(() => assertAuthSettingsSafe(settings({}))).not.toThrow();
  });

  it('accepts anything when a JWKS URL replaces the secret', () => {
    expect(() =>
      assertAuthSettingsSafe(
        settings({ jwtSecret: DEV_JWT_SECRET, jwksUrl: 'https://idp.example/jwks' }),
      ),
    ).not.toThrow();
  });

  it.each(['development', 'test'] as const)('allows the dev secret in %s', (nodeEnv) => {
    expect(() =>
      assertAuthSettingsSafe(settings({ nodeEnv, jwtSecret: DEV_JWT_SECRET })),
    ).not.toThrow();
  });
});
