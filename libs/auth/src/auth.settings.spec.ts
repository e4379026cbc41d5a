import {
  assertAuthSettingsSafe,
  AuthSettings,
  DEV_JWT_SECRET,
  UnsafeAuthSettingsError,
} from './auth.settings';

function settings(overrides: Partial<AuthSettings>): AuthSettings {
  return { jwtSecret: 'x'.repeat(64), nodeEnv: 'production', ...overrides };
}

describe('assertAuthSettingsSafe', () => {
  it('refuses production without a JWKS, however strong the HS256 secret', () => {
    expect(() => assertAuthSettingsSafe(settings({}))).toThrow(UnsafeAuthSettingsError);
    expect(() => assertAuthSettingsSafe(settings({ jwtSecret: DEV_JWT_SECRET }))).toThrow(
      /without AUTH_JWKS_URL/,
    );
  });

  it('accepts production with the identity provider JWKS', () => {
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
