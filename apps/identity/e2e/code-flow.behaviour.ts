import { expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { LoginRefused, ProviderRefused, signIn } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

/** The code flow with PKCE over HTTP, and the claims the services read from the access token. */
export function codeFlowWithPkce(s: () => SignInSystem): void {
  it('signs in through the login page and issues a short-lived ES256 access token with the claims', async () => {
    const { base } = s();
    const { tokens } = await signIn(base, 'ops-1', 'ops-1-dev-pass');
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'ES256',
      typ: 'at+jwt',
    });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: `${base}/oidc`,
      aud: 'urn:aidflow:api',
      sub: 'ops-1',
      name: '值班 Operations user',
      roles: ['ops'],
      orgCode: 'QH',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
  });

  it('refuses an authorization request without PKCE', async () => {
    const { base } = s();
    const refused = await signIn(base, 'ops-1', 'ops-1-dev-pass', { omitPkce: true }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProviderRefused);
    expect(refused).toMatchObject({ error: 'invalid_request' });
    expect((refused as ProviderRefused).description).toMatch(/PKCE/);
  });

  it('answers a wrong password with the login page again (401), in the chosen language', async () => {
    const { base } = s();
    const refused = await signIn(base, 'finance-1', 'not-the-password').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LoginRefused);
    expect((refused as LoginRefused).status).toBe(401);
    expect((refused as LoginRefused).html).toContain('The username or password is not right.');
    expect((refused as LoginRefused).html).not.toContain('not-the-password');
  });
}
