// Runs the naive peer as its own process and drives it like ours: the same visit bodies at the
// same concurrency; commit → projection from the two rows' timestamps (one database clock).
import { freePort, testBrokers, testDatabaseUrl, uniqueName } from '@aidflow/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { drive, nowMs, percentile } from '../measure';
import type { SingleVisitFigure } from '../system-load';

const ROOT = join(__dirname, '..', '..', '..');

export async function measurePeer(
  levels: number[],
  perLevel: number,
): Promise<SingleVisitFigure[]> {
  const name = uniqueName('naive_peer');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', './tools/register.js', 'tools/bench/naive-peer/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        KAFKA_BROKERS: testBrokers().join(','),
        PEER_TOPIC: `${name}.visits`,
        PEER_GROUP: name,
        PEER_SCHEMA: name,
        PEER_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();
  try {
    const until = Date.now() + 60_000;
    while (!output.includes('peer ready')) {
      if (child.exitCode !== null || Date.now() > until)
        throw new Error(`the peer did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = `http://127.0.0.1:${port}`;
    const team = randomUUID();
    const site = randomUUID();
    const body = () => ({
      id: randomUUID(),
      teamId: team,
      siteId: site,
      visitedAt: new Date().toISOString(),
      notes: '入户慰问',
      beneficiaries: [{ beneficiaryId: randomUUID() }],
    });
    const post = async (b: ReturnType<typeof body>) => {
      const r = await fetch(`${base}/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      if (!r.ok) throw new Error(`peer: HTTP ${r.status} ${await r.text()}`);
    };
    await post(body());
    const figures: SingleVisitFigure[] = [];
    for (const clients of levels) {
      const ids: string[] = [];
      const took: number[] = [];
      const seconds = await drive(perLevel, clients, async () => {
        const b = body();
        const started = nowMs();
        await post(b);
        took.push(nowMs() - started);
        ids.push(b.id);
      });
      const settle = Date.now() + 60_000;
      let rows: { ms: number }[] = [];
      do {
        await new Promise((r) => setTimeout(r, 200));
        ({ rows } = await db.query<{ ms: number }>(
          `SELECT extract(epoch FROM p."projectedAt" - v."createdAt") * 1000 AS ms
             FROM "${name}".visit v JOIN "${name}".site_projection p ON p."visitId" = v.id
            WHERE v.id = ANY($1::uuid[])`,
          [ids],
        ));
      } while (rows.length < ids.length && Date.now() < settle);
      const projected = rows.map((r) => Number(r.ms));
      figures.push({
        clients,
        visitsPerS: perLevel / seconds,
        p50Ms: percentile(took, 50),
        p99Ms: percentile(took, 99),
        projectedP50Ms: percentile(projected, 50),
        projectedP99Ms: percentile(projected, 99),
      });
    }
    return figures;
  } finally {
    child.kill('SIGTERM');
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await db.end();
  }
}
