import { expect, it } from '@jest/globals';
import { authConfig, discover, signIn, statusWith, tokenRequest, type Tokens } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

/** Each refresh returns a new refresh token; the used one is refused afterwards. */
export function refreshTokensRotate(s: () => SignInSystem): void {
  it('rotates the refresh token and refuses the old one', async () => {
    const { base } = s();
    const discovery = await discover(await authConfig(base));
    const { tokens } = await signIn(base, 'approver-1', 'approver-1-dev-pass');
    const first = tokens.refresh_token ?? '';
    const refreshed = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: 'aidflow-console',
    });
    expect(refreshed.status).toBe(200);
    const next = refreshed.body as Tokens;
    expect(next.refresh_token).toEqual(expect.any(String));
    expect(next.refresh_token).not.toBe(first);
    expect(await statusWith(base, next.access_token, '/api/orgs')).toBe(200);

    const reused = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: 'aidflow-console',
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
}
