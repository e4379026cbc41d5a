// npm start [-- --scenario maduo] [--replicas N] [--verbose] [--raw-logs]
// Starts the whole system on one machine: the local Kafka-protocol broker (unless KAFKA_BROKERS is
// set), the database (PostgreSQL on DATABASE_URL, else embedded PGlite), the four services, and the
// identity provider (apps/identity, OpenID Connect under /oidc) and the gateway (one origin).
// Prints the URL and the dev users' names and passwords, then runs until Ctrl-C / SIGTERM.
// The terminal shows the launcher's progress and the services' warnings and errors (--verbose:
// every service line; --raw-logs: as JSON); the full logs go to START_LOG_FILE
// (tmp/logs/start-<time>.log).
// Environment: KAFKA_BROKERS, DATABASE_URL, AUTH_JWT_SECRET (passed to the services),
// INTAKE_PORT, FUNDS_PORT, VISITS_PORT, OPS_PORT, GATEWAY_PORT (3000), START_ORG_CODE (ACFTU),
// START_TIMEOUT_MS (180000: how long a service may take to become healthy),
// START_DATABASE (auto: PostgreSQL if it answers, else PGlite | postgres | pglite),
// START_REPLICAS / --replicas (1: instances of each service, replica i on its port + 100·i),
// IDENTITY_PORT (3105), PUBLIC_URL (http://localhost:<GATEWAY_PORT>: the origin browsers use; the
// issuer is <PUBLIC_URL>/oidc), OIDC_ISSUER_URL / OIDC_CLIENT_ID / AUTH_JWKS_URL (an external
// provider instead of the embedded one).
// The console (apps/console) is built into dist/console when its sources changed since the last build.
import { DEFAULT_DATABASE_URL } from '@aidflow/database';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DEFAULT_CLIENT_ID, DEFAULT_SCOPES, DEFAULT_SERVICE_PORTS } from './gateway/config';
import { Gateway, GatewayAuth, startGateway } from './gateway/gateway';
import { SERVICE_APPS, SERVICE_KEYS, ServiceKey } from './gateway/routes';
import { buildConsoleIfStale } from './start/build-console';
import { Child, startChild } from './start/children';
import { formatLogLine } from './start/log-format';
import { StartLog } from './start/logs';

const ROOT = join(__dirname, '..');
const LOCAL_BROKER = join(ROOT, 'infra', 'kafka', 'local-broker');
const STOP_GRACE_MS = 10_000;
const SCHEMAS: Record<ServiceKey | 'identity', string> = {
  intake: 'intake',
  funds: 'funds',
  visits: 'visits',
  ops: 'ops',
  identity: 'identity',
};
const DATABASE_KEYS = [...SERVICE_KEYS, 'identity'] as const;
type DatabaseKey = (typeof DATABASE_KEYS)[number];
/** The API resource the embedded provider issues access tokens for (services check `aud`). */
const API_AUDIENCE = 'urn:aidflow:api';

interface SeededUser {
  username: string;
  password: string;
  roles: string[];
  orgCode: string;
}
const PORT_VARIABLES: Record<ServiceKey, string> = {
  intake: 'INTAKE_PORT',
  funds: 'FUNDS_PORT',
  visits: 'VISITS_PORT',
  ops: 'OPS_PORT',
};

const startedAt = Date.now();
const children: Child[] = [];
let gateway: Gateway | undefined;
let scenario: Child | undefined;
let brokerStartedByUs = false;
let stopping = false;
let log = new StartLog({ verbose: false, rawLogs: false });

/** tmp/logs/start-<UTC time>.log: one file per run, kept after exit. */
function defaultLogFile(): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(ROOT, 'tmp', 'logs', `start-${stamp}.log`);
}

function nodeArgs(): string[] {
  return (process.env.START_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function progress(step: string, detail: string, sinceMs: number): void {
  log.launcher(
    `aidflow ▸ ${step.padEnd(16)} ${detail.padEnd(52)} ${seconds(Date.now() - sinceMs)}\n`,
  );
}

function fail(message: string): never {
  throw new StartError(message);
}

class StartError extends Error {}

function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`${variable} must be a port number (got ${raw})`);
  return port;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

async function startBroker(): Promise<string> {
  const since = Date.now();
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    progress('broker', `${configured} (KAFKA_BROKERS)`, since);
    return configured;
  }
  const status = await run('bash', [LOCAL_BROKER, 'status']);
  if (status.code === 0 && status.stdout) {
    progress(
      'broker',
      `${status.stdout} (local broker, already running: left running at exit)`,
      since,
    );
    return status.stdout;
  }
  log.launcher(
    'aidflow ▸ broker           starting the local broker (the first start builds it, ~40 s) …\n',
  );
  const started = await run('bash', [LOCAL_BROKER, 'start']);
  if (started.code !== 0 || !started.stdout)
    fail(`the local broker did not start:\n${started.stderr}`);
  brokerStartedByUs = true;
  progress('broker', `${started.stdout} (local broker, started)`, since);
  return started.stdout;
}

/** True when a PostgreSQL server answers at the URL's host and port (its `postgres` database). */
async function postgresAnswers(url: string): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The DATABASE_URL each service gets. */
async function startDatabase(): Promise<Record<DatabaseKey, string>> {
  const since = Date.now();
  const explicit = process.env.DATABASE_URL;
  const url = explicit || DEFAULT_DATABASE_URL;
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  const mode = process.env.START_DATABASE || 'auto';
  if (!['auto', 'postgres', 'pglite'].includes(mode))
    fail(`START_DATABASE must be auto, postgres or pglite (got ${mode})`);
  if (mode === 'pglite' && explicit)
    fail('START_DATABASE=pglite and DATABASE_URL contradict each other: unset one');
  if (mode !== 'pglite' && (await postgresAnswers(url))) {
    progress('database', `PostgreSQL at ${shown.host}${shown.pathname}`, since);
    return Object.fromEntries(DATABASE_KEYS.map((k) => [k, url])) as Record<DatabaseKey, string>;
  }
  if (explicit || mode === 'postgres') fail(`no PostgreSQL answers at ${shown.toString()}`);
  log.launcher(
    `aidflow ▸ database         ${mode === 'pglite' ? 'START_DATABASE=pglite' : `no PostgreSQL at ${shown.host}`}: starting embedded PGlite (in memory, one per service) …\n`,
  );
  let ports: Record<string, number> | undefined;
  const child = startChild({
    name: 'pglite',
    command: process.execPath,
    args: [
      '-r',
      './tools/register.js',
      'tools/start/pglite-server.ts',
      ...DATABASE_KEYS.map((k) => SCHEMAS[k]),
    ],
    env: process.env,
    cwd: ROOT,
    log,
    onStdoutLine: (line) => {
      if (line.startsWith('{"ready"'))
        ports = (JSON.parse(line) as { ready: Record<string, number> }).ready;
    },
  });
  track(child);
  while (!ports) {
    if (!child.running) fail(`the embedded database exited:\n${child.lastLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const found = ports;
  progress(
    'database',
    `PGlite on ${DATABASE_KEYS.map((k) => `${SCHEMAS[k]}:${found[SCHEMAS[k]]}`).join(' ')}`,
    since,
  );
  return Object.fromEntries(
    DATABASE_KEYS.map((k) => [k, `postgres://postgres@127.0.0.1:${found[SCHEMAS[k]]}/aidflow`]),
  ) as Record<DatabaseKey, string>;
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Where services verify tokens, and what the gateway tells the console. */
interface SignIn {
  auth: GatewayAuth;
  serviceEnv: Record<string, string>;
  embedded?: { port: number; issuer: string };
}

function signInSettings(publicUrl: string, identityPort: number): SignIn {
  const external = process.env.OIDC_ISSUER_URL;
  if (external) {
    const jwks = process.env.AUTH_JWKS_URL;
    if (!jwks) fail("OIDC_ISSUER_URL needs AUTH_JWKS_URL (the provider's JWKS) for the services");
    return {
      auth: {
        config: {
          issuer: external.replace(/\/$/, ''),
          clientId: process.env.OIDC_CLIENT_ID || DEFAULT_CLIENT_ID,
          scopes: (process.env.OIDC_SCOPES || DEFAULT_SCOPES.join(' ')).split(/[\s,]+/),
        },
      },
      serviceEnv: { AUTH_JWKS_URL: jwks },
    };
  }
  const issuer = `${publicUrl}/oidc`;
  return {
    auth: {
      config: { issuer, clientId: DEFAULT_CLIENT_ID, scopes: DEFAULT_SCOPES },
      identityUpstream: `http://127.0.0.1:${identityPort}`,
    },
    serviceEnv: {
      AUTH_JWKS_URL: `http://127.0.0.1:${identityPort}/oidc/jwks`,
      AUTH_REVOCATIONS_URL: `http://127.0.0.1:${identityPort}/oidc/revocations`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: API_AUDIENCE,
    },
    embedded: { port: identityPort, issuer },
  };
}

/** The embedded OpenID provider; resolves with the users it seeded once it answers. */
async function startIdentity(
  embedded: { port: number; issuer: string },
  databaseUrl: string,
  seed: string,
): Promise<SeededUser[]> {
  const since = Date.now();
  const { PORT: _port, DB_SCHEMA: _schema, ...inherited } = process.env;
  let seeded: SeededUser[] | undefined;
  const child = startChild({
    name: 'identity',
    command: process.execPath,
    args: ['-r', './tools/register.js', 'apps/identity/src/main.ts'],
    env: {
      ...inherited,
      PORT: String(embedded.port),
      DATABASE_URL: databaseUrl,
      IDENTITY_ISSUER: embedded.issuer,
      IDENTITY_AUDIENCE: API_AUDIENCE,
      IDENTITY_SEED: seed,
    },
    cwd: ROOT,
    log,
    onStdoutLine: (line) => {
      if (line.startsWith('{"seeded"'))
        seeded = (JSON.parse(line) as { seeded: SeededUser[] }).seeded;
    },
  });
  track(child);
  const timeoutMs = Number(process.env.START_TIMEOUT_MS || 180_000);
  while (!(await healthy(embedded.port)) || !seeded) {
    if (!child.running) fail(`identity exited during start-up (code ${child.exitCode})`);
    if (Date.now() - since > timeoutMs)
      fail(`identity was not healthy after ${seconds(timeoutMs)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  progress('identity', `OpenID provider ${embedded.issuer}`, since);
  return seeded;
}

/** Replica i of a service listens on its port + 100·i (3101, 3201, …). */
function replicaPorts(
  ports: Record<ServiceKey, number>,
  replicas: number,
  key: ServiceKey,
): number[] {
  return Array.from({ length: replicas }, (_, i) => ports[key] + 100 * i);
}

async function startServices(
  ports: Record<ServiceKey, number>,
  replicas: number,
  databaseUrls: Record<DatabaseKey, string>,
  brokers: string,
  authEnv: Record<string, string>,
): Promise<void> {
  const timeoutMs = Number(process.env.START_TIMEOUT_MS || 180_000);
  // PORT and DB_SCHEMA are per service: a value inherited from the shell must not reach all four.
  const { PORT: _port, DB_SCHEMA: _schema, ...inherited } = process.env;
  const instances = SERVICE_KEYS.flatMap((key) =>
    replicaPorts(ports, replicas, key).map((port, i) => ({ key, port, i })),
  );
  const waits = instances.map(async ({ key, port, i }) => {
    const since = Date.now();
    const app = SERVICE_APPS[key];
    const name = replicas > 1 ? `${app}#${i + 1}` : app;
    const child = startChild({
      name,
      command: process.execPath,
      // START_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=tmp/prof"): Node refuses those in NODE_OPTIONS.
      args: [...nodeArgs(), '-r', './tools/register.js', `apps/${app}/src/main.ts`],
      env: {
        ...inherited,
        PORT: String(port),
        DATABASE_URL: databaseUrls[key],
        KAFKA_BROKERS: brokers,
        // Per-replica rate limits add up to the configured one (README "Limits").
        RATE_LIMIT_REPLICAS: process.env.RATE_LIMIT_REPLICAS || String(replicas),
        ...authEnv,
      },
      cwd: ROOT,
      log,
    });
    track(child);
    while (!(await healthy(port))) {
      if (!child.running) fail(`${name} exited during start-up (code ${child.exitCode})`);
      if (Date.now() - since > timeoutMs)
        fail(`${name} was not healthy after ${seconds(timeoutMs)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    progress(name, `healthy on http://127.0.0.1:${port}`, since);
  });
  await Promise.all(waits);
}

function printUsers(baseUrl: string, users: SeededUser[], signIn: SignIn): void {
  const lines = [`  ${baseUrl}   (console: ${baseUrl}/ · health: ${baseUrl}/health)`, ''];
  if (signIn.embedded) {
    lines.push('  sign in with (development users; passwords are fixed dev values):');
    for (const u of users)
      lines.push(
        `  ${u.username.padEnd(15)} ${u.password.padEnd(24)} ${u.roles.join(',').padEnd(12)} ${u.orgCode}`,
      );
  } else {
    lines.push(`  sign-in: ${signIn.auth.config.issuer} (client ${signIn.auth.config.clientId})`);
  }
  lines.push(
    '',
    '  scripts: npm run token -- --sub u1 --roles ops --org ACFTU (HS256, development only)',
    '  Ctrl-C stops everything.',
  );
  log.launcher(`\n${lines.join('\n')}\n\n`);
}

async function stopChild(child: Child): Promise<void> {
  const outcome = await child.stop(STOP_GRACE_MS);
  log.launcher(`aidflow ▸ ${child.name.padEnd(16)} stopped (${outcome})\n`);
}

async function stopAll(): Promise<void> {
  if (scenario) await scenario.stop(STOP_GRACE_MS);
  if (gateway) await gateway.close().catch(() => undefined);
  // Services first (they flush their outbox and leave their consumer groups), then the database.
  await Promise.all(children.filter((c) => c.name !== 'pglite').map(stopChild));
  await Promise.all(children.filter((c) => c.name === 'pglite').map(stopChild));
  if (brokerStartedByUs) {
    await run('bash', [LOCAL_BROKER, 'stop']);
    log.launcher('aidflow ▸ broker           stopped\n');
  }
}

async function shutdown(code: number, reason: string): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  log.launcher(`\naidflow ▸ stopping (${reason}) …\n`);
  const since = Date.now();
  await stopAll();
  log.launcher(
    `aidflow ▸ stopped in ${seconds(Date.now() - since)}${log.file ? ` · full logs: ${relative(process.cwd(), log.file)}` : ''}\n`,
  );
  await log.close();
  process.exit(code);
}

/** Keeps a child for the shutdown, and stops everything if it dies while we are not stopping. */
function track(child: Child): Child {
  children.push(child);
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    log.launcher(
      `\naidflow ▸ ${child.name} exited (${signal ?? `code ${code}`}); its last lines:\n${child.lastLines.map((l) => `  ${formatLogLine(l)}`).join('\n')}\n`,
      'stderr',
    );
    void shutdown(1, `${child.name} died`);
  });
  return child;
}

async function runScenario(name: string, baseUrl: string): Promise<number> {
  const script = join('tools', 'scenario', `${name}.ts`);
  log.launcher(
    `aidflow ▸ scenario ${name}: node -r ./tools/register.js ${script} --base-url ${baseUrl}\n`,
  );
  scenario = startChild({
    name: `scenario:${name}`,
    command: process.execPath,
    args: ['-r', './tools/register.js', script, '--base-url', baseUrl],
    env: process.env,
    cwd: ROOT,
    log,
    kind: 'progress',
  });
  const { code, signal } = await scenario.exited;
  return code ?? (signal ? 1 : 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      'raw-logs': { type: 'boolean', default: false },
      replicas: { type: 'string' },
    },
    strict: true,
  });
  log = new StartLog({
    verbose: values.verbose ?? false,
    rawLogs: values['raw-logs'] ?? false,
    file: process.env.START_LOG_FILE || defaultLogFile(),
  });
  progress(
    'logs',
    `${relative(process.cwd(), log.file ?? '')}${values.verbose || values['raw-logs'] ? '' : ' (--verbose: here too)'}`,
    startedAt,
  );
  if (values.scenario !== undefined) {
    if (!/^[a-z0-9-]+$/.test(values.scenario))
      fail(`--scenario takes a name like maduo (got ${values.scenario})`);
    const script = join(ROOT, 'tools', 'scenario', `${values.scenario}.ts`);
    if (!existsSync(script))
      fail(`scenario "${values.scenario}" not found: ${script} does not exist`);
  }
  const replicas = Number(values.replicas ?? process.env.START_REPLICAS ?? 1);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 8)
    fail(`--replicas takes 1 to 8 (got ${values.replicas ?? process.env.START_REPLICAS})`);
  const ports = Object.fromEntries(
    SERVICE_KEYS.map((k) => [k, portFrom(PORT_VARIABLES[k], DEFAULT_SERVICE_PORTS[k])]),
  ) as Record<ServiceKey, number>;
  const gatewayPort = portFrom('GATEWAY_PORT', 3000);
  const identityPort = portFrom('IDENTITY_PORT', 3105);
  const publicUrl = (process.env.PUBLIC_URL || `http://localhost:${gatewayPort}`).replace(
    /\/$/,
    '',
  );
  if (!/^https?:\/\/[^/]+$/.test(publicUrl))
    fail(`PUBLIC_URL must be an origin like http://localhost:3000 (got ${publicUrl})`);
  const signIn = signInSettings(publicUrl, identityPort);

  process.once('SIGINT', () => void shutdown(0, 'Ctrl-C'));
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM'));

  // The console builds (only when its sources changed) while the broker, database and services start.
  const consoleBuild = buildConsoleIfStale().then((result) => {
    progress(
      'console',
      result.built ? 'built (Vite) → dist/console' : 'build up to date',
      Date.now() - result.ms,
    );
  });
  consoleBuild.catch(() => undefined);
  const brokers = await startBroker();
  const databaseUrls = await startDatabase();
  const seed = values.scenario === 'maduo' ? 'dev,maduo' : 'dev';
  const [users] = await Promise.all([
    signIn.embedded ? startIdentity(signIn.embedded, databaseUrls.identity, seed) : [],
    startServices(ports, replicas, databaseUrls, brokers, signIn.serviceEnv),
  ]);
  await consoleBuild.catch((error: unknown) => fail((error as Error).message));

  const since = Date.now();
  const started = await startGateway({
    port: gatewayPort,
    upstreams: Object.fromEntries(
      SERVICE_KEYS.map((k) => [
        k,
        replicaPorts(ports, replicas, k).map((port) => `http://127.0.0.1:${port}`),
      ]),
    ) as Record<ServiceKey, string[]>,
    auth: signIn.auth,
  });
  gateway = started.gateway;
  const baseUrl = publicUrl;
  progress('gateway', baseUrl, since);
  log.launcher(`aidflow ▸ ready in ${seconds(Date.now() - startedAt)}\n`);
  printUsers(baseUrl, users, signIn);

  if (values.scenario !== undefined) {
    const code = await runScenario(values.scenario, baseUrl);
    await shutdown(code, `scenario ${values.scenario} ended with code ${code}`);
  }
}

main().catch(async (error: unknown) => {
  const message =
    error instanceof StartError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  log.launcher(`\naidflow ▸ start failed: ${message}\n`, 'stderr');
  for (const child of children.filter((c) => !c.running && c.exitCode !== 0)) {
    log.launcher(
      `\n${child.name}'s last lines:\n${child.lastLines.map((l) => `  ${l}`).join('\n')}\n`,
      'stderr',
    );
  }
  await shutdown(1, 'start failed');
});
