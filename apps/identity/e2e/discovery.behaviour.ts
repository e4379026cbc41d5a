import { expect, it } from '@jest/globals';
import { authConfig, discover } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

/** GET /auth/config names the embedded issuer; its discovery document is on the same origin. */
export function discoveryOnTheOneOrigin(s: () => SignInSystem): void {
  it('serves /auth/config and the discovery document under /oidc', async () => {
    const { base } = s();
    const config = await authConfig(base);
    expect(config).toEqual({
      issuer: `${base}/oidc`,
      clientId: 'aidflow-console',
      scopes: ['openid', 'profile', 'offline_access', 'api'],
    });
    const discovery = await discover(config);
    expect(discovery.issuer).toBe(`${base}/oidc`);
    for (const endpoint of [
      discovery.authorization_endpoint,
      discovery.token_endpoint,
      discovery.revocation_endpoint,
      discovery.end_session_endpoint,
      discovery.jwks_uri,
    ])
      expect(endpoint.startsWith(`${base}/oidc/`)).toBe(true);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { d?: string }[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    // Public keys only.
    expect(jwks.keys.filter((k) => k.d !== undefined)).toEqual([]);
  });
}
