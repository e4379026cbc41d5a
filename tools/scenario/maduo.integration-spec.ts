import { testBrokers, testDatabaseUrl, uniqueName } from '@aidflow/testing';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// One replay per CI run (it is the longest test): on the embedded PGlite by default — the mode a
// fresh machine without PostgreSQL gets, and the one no other test covers; every other
// integration test runs on PostgreSQL. SCENARIO_DATABASE=postgres replays on PostgreSQL instead.
const mode = process.env.SCENARIO_DATABASE ?? 'pglite';
if (mode !== 'pglite' && mode !== 'postgres')
  throw new Error(`SCENARIO_DATABASE must be pglite or postgres (got ${mode})`);

/** The main job end to end: `npm start -- --scenario maduo` on a fresh database and topic prefix. */
describe(`npm start -- --scenario maduo (START_DATABASE=${mode})`, () => {
  const database = uniqueName('scenario');
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;

  afterAll(async () => {
    if (mode === 'pglite') return;
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('replays the response and reconciles 335,000 = 245,000 + 90,000 + 0 to the fen', async () => {
    const [intake, funds, visits, ops, gateway, identity] = await Promise.all(
      Array.from({ length: 6 }, freePort),
    );
    // DATABASE_URL (set for the other suites) would contradict START_DATABASE=pglite.
    const { DATABASE_URL: _url, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ['-r', './tools/register.js', 'tools/start.ts', '--scenario', 'maduo'],
      {
        cwd: ROOT,
        env: {
          ...inherited,
          NODE_ENV: 'development',
          START_DATABASE: mode,
          ...(mode === 'postgres' ? { DATABASE_URL: url.toString() } : {}),
          KAFKA_BROKERS: testBrokers().join(','),
          KAFKA_TOPIC_PREFIX: `${database}.`,
          INTAKE_PORT: String(intake),
          FUNDS_PORT: String(funds),
          VISITS_PORT: String(visits),
          OPS_PORT: String(ops),
          GATEWAY_PORT: String(gateway),
          IDENTITY_PORT: String(identity),
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const started = Date.now();
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The figure for the README (start + replay + stop), not a target.
    process.stdout.write(
      `maduo replay on ${mode}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const tail = output.split('\n').slice(-40).join('\n');
    expect({ code, tail }).toEqual({
      code: 0,
      tail: expect.stringContaining('OK: the special fund is fully accounted for.'),
    });
    expect(output).toContain(
      'RECONCILIATION  335,000.00 = 245,000.00 delivered + 90,000.00 passed down + 0.00 reserved + 0.00 available (yuan)',
    );
    expect(output).toMatch(
      /ops summary: 12 visits, 400 people reached, 100 cotton coats delivered, 50 follow-ups open/,
    );
    expect(output).toMatch(
      /verification sample: \d+ of \d+ delivered disbursements re-contacted \(95 % \/ 5 %\): \d+ received, 0 discrepancies/,
    );
    expect(output).toMatch(/stopped in/);
    // The Maduo people can sign in (the scenario itself uses dev tokens).
    expect(output).toMatch(/finance-qh\s+finance-qh-dev-pass\s+finance\s+QH/);
    // Quiet by default: the services' info lines go to the log file, not the terminal.
    expect(output).not.toContain('Nest application successfully started');
    const logFile = /full logs: (\S+)/.exec(output)?.[1] ?? '';
    expect(readFileSync(join(ROOT, logFile), 'utf8')).toContain(
      'Nest application successfully started',
    );
  }, 600_000);
});
