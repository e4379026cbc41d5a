// The whole system as `npm start` runs it (services, gateway, console), on free ports, its own
// database and topic prefix: for browser tests that drive it through the one origin.
import { spawn, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { testBrokers, testDatabaseUrl, uniqueName } from './test-env';

const ROOT = join(__dirname, '..', '..', '..');

export interface RunningSystem {
  baseUrl: string;
  /** The system's own database (each service's schema in it). */
  databaseUrl: string;
  /** Everything the system printed so far (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Starts `tools/start.ts` and resolves once it prints "ready". */
export async function startSystem(
  label: string,
  env: Record<string, string> = {},
  timeoutMs = 240_000,
): Promise<RunningSystem> {
  const database = uniqueName(label);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  const [intake, funds, visits, ops, gateway, identity] = await Promise.all(
    Array.from({ length: 6 }, freePort),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', './tools/register.js', 'tools/start.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        START_DATABASE: 'postgres',
        DATABASE_URL: url.toString(),
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: `${database}.`,
        INTAKE_PORT: String(intake),
        FUNDS_PORT: String(funds),
        VISITS_PORT: String(visits),
        OPS_PORT: String(ops),
        GATEWAY_PORT: String(gateway),
        IDENTITY_PORT: String(identity),
        // The browser opens 127.0.0.1: the issuer must be on that origin.
        PUBLIC_URL: `http://127.0.0.1:${gateway}`,
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    await dropDatabase(database).catch(() => undefined);
  };
  const deadline = Date.now() + timeoutMs;
  while (!/aidflow ▸ ready in/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the system did not start:\n${output.split('\n').slice(-40).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl: `http://127.0.0.1:${gateway}`,
    databaseUrl: url.toString(),
    output: () => output,
    stop,
  };
}
