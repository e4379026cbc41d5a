import { ConfigError, loadConfig } from '@aidflow/platform';
import { IdentityConfig } from './identity.config';

describe('IdentityConfig', () => {
  it('works with no environment at all', () => {
    expect(loadConfig(IdentityConfig, {})).toMatchObject({
      PORT: 3105,
      IDENTITY_ISSUER: 'http://localhost:3000/oidc',
      ACCESS_TOKEN_TTL_S: 300,
      IDENTITY_SEED: 'dev',
    });
  });

  it.each([
    ['IDENTITY_ISSUER', 'http://localhost:3000'],
    ['ACCESS_TOKEN_TTL_S', '60'],
    ['IDENTITY_SEED', 'everyone'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig(IdentityConfig, { [name]: value })).toThrow(ConfigError);
  });
});
