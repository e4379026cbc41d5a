// The system under test, as npm start runs it but on its own ports, database, topic prefix and
// broker: N replicas of each of the four services behind the gateway (round-robin with health
// checks). Replicas can be killed and restarted; the broker paused. No identity provider: the
// workload signs in with development tokens (HS256), as the Maduo scenario does.
import { DEFAULT_DATABASE_URL } from '@aidflow/database';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Gateway, startGateway } from '../../gateway/gateway';
import { SERVICE_APPS, SERVICE_KEYS, ServiceKey } from '../../gateway/routes';
import { freePort } from './ports';
import { OwnBroker, startOwnBroker } from './broker';
import { createDatabase, databaseUrlFor, dropDatabase } from './database';
import { Replica } from './replica';

export interface ChaosSystemOptions {
  runId: string;
  replicas: number;
  /** Folder for the broker's state and the services' log. */
  dir: string;
  /** Added to every service's environment (e.g. a test-only setting). */
  serviceEnv?: Record<string, string>;
}

export interface ChaosSystem {
  baseUrl: string;
  databaseName: string;
  databaseUrl: string;
  adminUrl: string;
  topicPrefix: string;
  broker: OwnBroker;
  replicas: Replica[];
  logFile: string;
  stop(keepDatabase?: boolean): Promise<void>;
}

const START_TIMEOUT_MS = 240_000;

export async function startChaosSystem(options: ChaosSystemOptions): Promise<ChaosSystem> {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const databaseName = `aidflow_chaos_${options.runId}`;
  const topicPrefix = `chaos_${options.runId}.`;
  const logFile = join(options.dir, 'services.log');
  mkdirSync(options.dir, { recursive: true });
  const broker = await startOwnBroker(join(options.dir, 'broker'), topicPrefix);
  await createDatabase(adminUrl, databaseName);
  const databaseUrl = databaseUrlFor(adminUrl, databaseName);
  const { PORT: _port, DB_SCHEMA: _schema, KAFKA_BROKERS: _brokers, ...inherited } = process.env;
  const replicas: Replica[] = [];
  for (const key of SERVICE_KEYS) {
    for (let i = 0; i < options.replicas; i++) {
      const name = `${SERVICE_APPS[key]}#${i + 1}`;
      const env = {
        ...inherited,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        PORT: String(await freePort()),
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '5',
        KAFKA_BROKERS: broker.bootstrap,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        // The fault suite measures delivery, not the per-user write budgets.
        RATE_LIMIT_ENABLED: 'false',
        OUTBOX_CRASH_AFTER_PUBLISH_FILE: join(
          resolve(options.dir),
          `relay-crash-${SERVICE_APPS[key]}-${i + 1}`,
        ),
        ...options.serviceEnv,
      };
      replicas.push(new Replica(name, SERVICE_APPS[key], Number(env.PORT), env, logFile));
    }
  }
  let gateway: Gateway | undefined;
  const stop = async (keepDatabase = false): Promise<void> => {
    await gateway?.close().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await broker.stop().catch(() => undefined);
    if (!keepDatabase) await dropDatabase(adminUrl, databaseName).catch(() => undefined);
  };
  // Ctrl-C or a CI timeout, even during start-up: no replica (own process group) or broker outlives us.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping the chaos system\n`);
      void stop().finally(() => process.exit(130));
    });
  try {
    // Migrations run at start-up: the first replica of each service first, the others after.
    const first = replicas.filter((r) => r.name.endsWith('#1'));
    for (const r of first) r.start();
    await Promise.all(first.map((r) => r.waitHealthy(START_TIMEOUT_MS)));
    const rest = replicas.filter((r) => !first.includes(r));
    for (const r of rest) r.start();
    await Promise.all(rest.map((r) => r.waitHealthy(START_TIMEOUT_MS)));
    const port = await freePort();
    const upstreams = Object.fromEntries(
      SERVICE_KEYS.map((key) => [
        key,
        replicas.filter((r) => r.app === SERVICE_APPS[key]).map((r) => r.url),
      ]),
    ) as Record<ServiceKey, string[]>;
    gateway = (await startGateway({ port, upstreams, probeIntervalMs: 1000 })).gateway;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      databaseName,
      databaseUrl,
      adminUrl,
      topicPrefix,
      broker,
      replicas,
      logFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
