import { eventually } from '@aidflow/testing';
import { expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { authConfig, type Discovery, discover, signIn, statusWith, tokenRequest } from './oidc-kit';
import { ROUTE_PER_SERVICE } from './services-verify.behaviour';
import type { SignInSystem } from './sign-in.integration-spec';

/**
 * The services poll the revocation list every AUTH_REVOCATIONS_POLL_MS (2 s): a revoked access
 * token must be refused by all four well within this (its own expiry is 5 minutes away).
 */
const REFUSED_WITHIN_MS = 8_000;

/** Every service's answer to the token: path → status, and the message of a 401. */
async function answers(base: string, token: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of ROUTE_PER_SERVICE) {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    out[path] = response.status === 401 ? `401 ${body.message}` : String(response.status);
  }
  return out;
}

const everywhere = (answer: string) =>
  Object.fromEntries(ROUTE_PER_SERVICE.map((p) => [p, answer]));

async function refusedEverywhere(base: string, token: string, what: string): Promise<void> {
  const refused = everywhere('401 token revoked (signed out)');
  await eventually(
    async () => {
      const now = await answers(base, token);
      return JSON.stringify(now) === JSON.stringify(refused) ? now : undefined;
    },
    { timeoutMs: REFUSED_WITHIN_MS, intervalMs: 200, what },
  );
}

async function revoke(discovery: Discovery, token: string, hint: string): Promise<void> {
  const response = await fetch(discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token,
      token_type_hint: hint,
      client_id: 'aidflow-console',
    }).toString(),
  });
  expect(response.status).toBe(200);
}

/** A signed-out sign-in's access token stops working at every service long before it expires. */
export function revokedAccessTokensRefused(s: () => SignInSystem): void {
  it('refuses a signed-out access token at all four services within seconds, and its refresh token; another sign-in of the user keeps working', async () => {
    const { base } = s();
    const discovery = await discover(await authConfig(base));
    const { tokens } = await signIn(base, 'ops-1', 'ops-1-dev-pass');
    const otherDevice = (await signIn(base, 'ops-1', 'ops-1-dev-pass')).tokens;
    const claims = decodeJwt(tokens.access_token);
    expect(claims.gid).toEqual(expect.any(String));
    expect(claims.gid).not.toBe(decodeJwt(otherDevice.access_token).gid);
    expect((claims.exp ?? 0) * 1000 - Date.now()).toBeGreaterThan(60_000);
    expect(await answers(base, tokens.access_token)).toEqual(everywhere('200'));

    // Sign-out as the console does it: the refresh token ends the sign-in, access tokens too.
    await revoke(discovery, tokens.refresh_token ?? '', 'refresh_token');
    await refusedEverywhere(base, tokens.access_token, 'every service to refuse the token');

    const refreshed = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await answers(base, otherDevice.access_token)).toEqual(everywhere('200'));
  });

  it('ends the sign-in when only its access token is revoked (RFC 7009), refresh token included; a token of another client changes nothing', async () => {
    const { base } = s();
    const discovery = await discover(await authConfig(base));
    const { tokens } = await signIn(base, 'ops-1', 'ops-1-dev-pass');
    const bystander = (await signIn(base, 'ops-1', 'ops-1-dev-pass')).tokens;
    // Asked in an unknown client's name: refused (invalid_client), and nothing is revoked.
    const foreign = await fetch(discovery.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: bystander.access_token,
        token_type_hint: 'access_token',
        client_id: 'another-client',
      }).toString(),
    });
    expect(foreign.status).toBe(401);
    await revoke(discovery, tokens.access_token, 'access_token');
    await refusedEverywhere(base, tokens.access_token, 'the revoked access token to be refused');
    const refreshed = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await answers(base, bystander.access_token)).toEqual(everywhere('200'));
    // The provider still revokes its own (opaque) tokens: the bystander's refresh token.
    await revoke(discovery, bystander.refresh_token ?? '', 'refresh_token');
    const gone = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: bystander.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(gone).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('ends the whole sign-in, access tokens included, when a rotated refresh token is replayed', async () => {
    const { base } = s();
    const discovery = await discover(await authConfig(base));
    const { tokens } = await signIn(base, 'ops-1', 'ops-1-dev-pass');
    const rotated = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(rotated.status).toBe(200);
    const renewed = rotated.body as { access_token: string };
    for (const path of ROUTE_PER_SERVICE)
      expect({ path, status: await statusWith(base, renewed.access_token, path) }).toEqual({
        path,
        status: 200,
      });
    // Someone replays the old refresh token (stolen, or a second tab): the provider ends the grant.
    const replay = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'aidflow-console',
    });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await refusedEverywhere(base, renewed.access_token, 'the renewed token to be refused');
  });
}
