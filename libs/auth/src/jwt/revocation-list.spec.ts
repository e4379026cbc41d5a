import { HttpException } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RevocationList } from './revocation-list';
import { TokenVerifier } from './token-verifier';

const claims = { sub: 'u1', name: 'Li Wei', roles: ['finance'], orgCode: 'QH' };

async function outcome(verifier: TokenVerifier, token: string): Promise<number> {
  try {
    await verifier.verify(token);
    return 200;
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
}

describe('TokenVerifier with the provider revocation list', () => {
  let server: Server;
  let base = '';
  let revoked: { gid: string; until: number }[] = [];
  let down = false;
  let sign: (gid: string) => Promise<string>;
  const lists: RevocationList[] = [];

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    sign = (gid) =>
      new SignJWT({ ...claims, gid })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('u1')
        .setExpirationTime('5m')
        .sign(privateKey);
    server = createServer((req, res) => {
      if (down) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/jwks' ? { keys: [jwk] } : { revoked }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const list of lists) list.onModuleDestroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const verifierWith = (maxStaleMs: number): TokenVerifier => {
    const list = new RevocationList({ url: `${base}/revocations`, pollMs: 50, maxStaleMs });
    lists.push(list);
    return new TokenVerifier(
      { jwtSecret: 'x'.repeat(32), nodeEnv: 'test', jwksUrl: `${base}/jwks` },
      list,
    );
  };

  it('refuses a token of a revoked sign-in (401) and takes the others', async () => {
    const until = Math.floor(Date.now() / 1000) + 300;
    revoked = [{ gid: 'signed-out', until }];
    const verifier = verifierWith(10_000);
    expect(await outcome(verifier, await sign('signed-out'))).toBe(401);
    expect(await outcome(verifier, await sign('still-in'))).toBe(200);
    // An entry past its `until` no longer matters (no token of the grant is valid by then anyway).
    revoked = [{ gid: 'signed-out', until: Math.floor(Date.now() / 1000) - 1 }];
    await new Promise((r) => setTimeout(r, 200));
    expect(await outcome(verifier, await sign('signed-out'))).toBe(200);
  });

  it('learns of a revocation within a poll', async () => {
    revoked = [];
    const verifier = verifierWith(10_000);
    const token = await sign('later');
    expect(await outcome(verifier, token)).toBe(200);
    revoked = [{ gid: 'later', until: Math.floor(Date.now() / 1000) + 300 }];
    await new Promise((r) => setTimeout(r, 200));
    expect(await outcome(verifier, token)).toBe(401);
  });

  it('refuses every provider token with 503 once the list is too old, and recovers', async () => {
    revoked = [];
    const verifier = verifierWith(300);
    const token = await sign('any');
    expect(await outcome(verifier, token)).toBe(200);
    down = true;
    await new Promise((r) => setTimeout(r, 500));
    expect(await outcome(verifier, token)).toBe(503);
    down = false;
    expect(await outcome(verifier, token)).toBe(200);
  });
});
