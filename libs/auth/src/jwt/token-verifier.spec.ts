import { HttpException } from '@nestjs/common';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AuthSettings } from '../auth.settings';
import { signDevToken } from './dev-token';
import { TokenVerifier, userFromClaims } from './token-verifier';

const secret = 'unit-test-secret-unit-test-secret!';
const settings: AuthSettings = { jwtSecret: secret, nodeEnv: 'test' };
const claims = { sub: 'u1', name: 'Li Wei', roles: ['finance' as const], orgCode: 'QH' };

async function rejection(
  verifier: TokenVerifier,
  token: string,
): Promise<{ status: number; message: string }> {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof HttpException)
      return { status: error.getStatus(), message: error.message };
    throw error;
  }
  throw new Error('token was accepted');
}

describe('TokenVerifier (HS256)', () => {
  const verifier = new TokenVerifier(settings);

  it('accepts a valid token and returns the caller', async () => {
    await expect(verifier.verify(await signDevToken(claims, secret, '1h'))).resolves.toEqual(
      claims,
    );
  });

  it('rejects an expired token', async () => {
    expect(await rejection(verifier, await signDevToken(claims, secret, -60))).toEqual({
      status: 401,
      message: 'token expired',
    });
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await signDevToken(claims, secret, '1h', { notBeforeSec: 600 });
    expect(await rejection(verifier, token)).toEqual({
      status: 401,
      message: 'token not yet valid',
    });
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signDevToken(claims, 'another-secret-another-secret-123', '1h');
    expect(await rejection(verifier, token)).toEqual({
      status: 401,
      message: 'invalid token signature',
    });
  });

  it('rejects alg none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const body = base64url.encode(
      JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }),
    );
    expect((await rejection(verifier, `${header}.${body}.`)).status).toBe(401);
  });

  it('rejects an RS256 token (wrong algorithm family)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u1')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await rejection(verifier, token)).toEqual({
      status: 401,
      message: 'token algorithm not allowed',
    });
  });

  it('rejects a token without an expiry', async () => {
    const token = await new SignJWT({ roles: [], orgCode: 'QH' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .sign(new TextEncoder().encode(secret));
    expect((await rejection(verifier, token)).status).toBe(401);
  });

  it.each(['garbage', 'a.b.c', ''])('rejects the malformed token %j', async (token) => {
    expect(await rejection(verifier, token)).toEqual({ status: 401, message: 'malformed token' });
  });

  it('checks issuer and audience when configured', async () => {
    const strict = new TokenVerifier({ ...settings, issuer: 'aidflow', audience: 'api' });
    const good = await signDevToken(claims, secret, '1h', { issuer: 'aidflow', audience: 'api' });
    await expect(strict.verify(good)).resolves.toEqual(claims);
    const bad = await signDevToken(claims, secret, '1h', { issuer: 'other', audience: 'api' });
    expect(await rejection(strict, bad)).toEqual({
      status: 401,
      message: 'token issuer or audience not accepted',
    });
  });
});

describe('userFromClaims', () => {
  it('ignores unknown roles and duplicates', () => {
    expect(
      userFromClaims({ sub: 'u', orgCode: 'QH', roles: ['finance', 'root', 'finance', 7] }),
    ).toEqual({
      sub: 'u',
      name: undefined,
      roles: ['finance'],
      orgCode: 'QH',
    });
  });
  it.each([{}, { roles: [] }, { roles: ['root', 7] }])(
    'refuses a token granting no known role (%j)',
    (claims) => {
      expect(() => userFromClaims({ sub: 'u', orgCode: 'QH', ...claims })).toThrow(
        'token carries no known role',
      );
    },
  );
  it.each([
    [{ orgCode: 'QH' }, 'token has no subject'],
    [{ sub: 'u' }, 'token has no orgCode'],
    [{ sub: 'u', orgCode: '' }, 'token has no orgCode'],
    [{ sub: 'u', orgCode: 'QH', roles: 'admin' }, 'token roles claim invalid'],
    [{ sub: 'u', orgCode: 'QH', name: 5 }, 'token name claim invalid'],
  ])('rejects %j', (payload, message) => {
    expect(() => userFromClaims(payload)).toThrow(message);
  });
});

describe('TokenVerifier (JWKS)', () => {
  it('refuses HS256 tokens in production when a JWKS is configured', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect(await exportJWK(publicKey)).toHaveProperty('kty', 'EC');
    // No request reaches the URL: the algorithm check comes first.
    const verifier = new TokenVerifier({
      ...settings,
      nodeEnv: 'production',
      jwksUrl: 'http://127.0.0.1:9/jwks',
    });
    const token = await signDevToken(claims, secret, '1h');
    expect(await rejection(verifier, token)).toEqual({
      status: 401,
      message: 'token algorithm not allowed',
    });
  });

  it('takes HS256 dev tokens beside the JWKS in development and test', async () => {
    const verifier = new TokenVerifier({ ...settings, jwksUrl: 'http://127.0.0.1:9/jwks' });
    await expect(verifier.verify(await signDevToken(claims, secret, '1h'))).resolves.toEqual(
      claims,
    );
  });
});
