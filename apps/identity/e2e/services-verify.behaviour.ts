import { expect, it } from '@jest/globals';
import { signIn, statusWith } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

/** One authenticated route of each service, through the gateway, with the provider's token. */
export const ROUTE_PER_SERVICE = [
  '/api/orgs',
  '/api/funds',
  '/api/teams/mine',
  '/api/ops/incidents',
];

export function everyServiceVerifiesThroughJwks(s: () => SignInSystem): void {
  it('is accepted by all four services (JWKS), as is an HS256 dev token in development', async () => {
    const { base, devToken } = s();
    const { tokens } = await signIn(base, 'ops-1', 'ops-1-dev-pass');
    for (const path of ROUTE_PER_SERVICE) {
      expect({ path, status: await statusWith(base, tokens.access_token, path) }).toEqual({
        path,
        status: 200,
      });
      expect({ path, status: await statusWith(base, devToken, path) }).toEqual({
        path,
        status: 200,
      });
      expect({ path, status: await statusWith(base, 'not-a-token', path) }).toEqual({
        path,
        status: 401,
      });
    }
  });
}
