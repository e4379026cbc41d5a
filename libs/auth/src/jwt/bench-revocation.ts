// What the revocation check costs a request: ES256 verification against a JWKS alone, the same
// with the revocation list (N revoked sign-ins), and the list lookup by itself. Prints figures.
//   node -r ./tools/register.js libs/auth/src/jwt/bench-revocation.ts   (ITERATIONS=, REVOKED=)
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RevocationList } from './revocation-list';
import { TokenVerifier } from './token-verifier';

const ITERATIONS = Number(process.env.ITERATIONS ?? 20_000);
const REVOKED = Number(process.env.REVOKED ?? 1_000);

const ROUNDS = 7;

async function once(n: number, run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  return Number(process.hrtime.bigint() - start) / n;
}

/** The cases take turns round after round (a busy machine drifts); the median round counts. */
async function compare(
  n: number,
  cases: { label: string; run: () => unknown; scale?: number }[],
): Promise<{ label: string; perCallUs: number }[]> {
  for (const c of cases) await once(Math.min(2000, n), c.run);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, c] of cases.entries())
      samples[i]?.push(await once(Math.ceil((n / ROUNDS) * (c.scale ?? 1)), c.run));
  return cases.map((c, i) => {
    const sorted = [...(samples[i] ?? [])].sort((a, b) => a - b);
    return { label: c.label, perCallUs: Math.round(sorted[ROUNDS >> 1] ?? 0) / 1000 };
  });
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const until = Math.floor(Date.now() / 1000) + 600;
  const revoked = Array.from({ length: REVOKED }, (_, i) => ({ gid: `grant-${i}`, until }));
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/jwks' ? { keys: [jwk] } : { revoked }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settings = { jwtSecret: 'x'.repeat(32), nodeEnv: 'test' as const, jwksUrl: `${base}/jwks` };
  const list = new RevocationList({ url: `${base}/revocations`, pollMs: 2000, maxStaleMs: 30_000 });
  const plain = new TokenVerifier(settings);
  const checked = new TokenVerifier(settings, list);
  const token = await new SignJWT({ name: 'n', roles: ['ops'], orgCode: 'QH', gid: 'live' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('u1')
    .setExpirationTime('10m')
    .sign(privateKey);
  await list.refresh();
  const fetchStart = process.hrtime.bigint();
  await list.refresh();
  const fetchMs = Number(process.hrtime.bigint() - fetchStart) / 1e6;

  const rows = await compare(ITERATIONS, [
    { label: 'ES256 verify (JWKS), no revocation check', run: () => plain.verify(token) },
    {
      label: `ES256 verify + revocation check (${REVOKED} revoked)`,
      run: () => checked.verify(token),
    },
    { label: 'revocation lookup alone', run: () => list.check('live'), scale: 50 },
  ]);
  list.onModuleDestroy();
  server.close();
  for (const r of rows) console.log(`${r.label.padEnd(52)} ${r.perCallUs.toFixed(3)} µs/request`);
  const added = (rows[1]?.perCallUs ?? 0) - (rows[0]?.perCallUs ?? 0);
  console.log(`added per request: ${added.toFixed(3)} µs`);
  console.log(
    `one poll (${REVOKED} entries, loopback): ${fetchMs.toFixed(2)} ms, every 2 s per service replica`,
  );
  console.log(JSON.stringify({ iterations: ITERATIONS, revoked: REVOKED, rows, fetchMs }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
