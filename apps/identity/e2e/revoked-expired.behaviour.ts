import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, importJWK, type JWK, SignJWT } from 'jose';
import { authConfig, discover, signIn, statusWith, tokenRequest } from './oidc-kit';
import type { SignInSystem } from './sign-in.integration-spec';

const KEYS = join(__dirname, '..', '..', '..', 'tmp', 'identity', 'jwks.json');

/** Revocation ends the grant (the refresh token no longer works); an expired access token is 401. */
export function revokedAndExpiredTokens(s: () => SignInSystem): void {
  it('refuses a revoked refresh token', async () => {
    const { base } = s();
    const discovery = await discover(await authConfig(base));
    const { tokens } = await signIn(base, 'approver-2', 'approver-2-dev-pass');
    const revoked = await fetch(discovery.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens.refresh_token ?? '',
        token_type_hint: 'refresh_token',
        client_id: 'aidflow-console',
      }).toString(),
    });
    expect(revoked.status).toBe(200);
    const refreshed = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers 401 in every service for an expired token signed by the provider key', async () => {
    const { base } = s();
    const { tokens } = await signIn(base, 'admin-1', 'admin-1-dev-pass');
    const claims = decodeJwt(tokens.access_token);
    const { keys } = JSON.parse(readFileSync(KEYS, 'utf8')) as {
      keys: (JWK & { kid: string; alg: string })[];
    };
    const ec = keys.find((k) => k.alg === 'ES256');
    if (!ec) throw new Error('no ES256 key in tmp/identity/jwks.json');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 600, exp: now - 300 })
      .setProtectedHeader({ alg: 'ES256', kid: ec.kid, typ: 'at+jwt' })
      .sign(await importJWK(ec, 'ES256'));
    for (const path of ['/api/orgs', '/api/funds', '/api/teams/mine', '/api/ops/incidents'])
      expect({ path, status: await statusWith(base, expired, path) }).toEqual({
        path,
        status: 401,
      });
  });
}
