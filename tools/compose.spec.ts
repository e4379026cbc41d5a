// docker-compose.yml cannot run on the development machines, so this keeps it honest against the
// code: services ↔ app folders, ports ↔ healthchecks, env names ↔ config classes, topics ↔ contracts.
import { DEV_JWT_SECRET } from '@aidflow/auth';
import { ALL_DLQ_TOPICS, ALL_TOPICS } from '@aidflow/contracts';
import { BaseServiceConfig, configVariableNames } from '@aidflow/platform';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GATEWAY_VARIABLES, UPSTREAM_VARIABLES } from './gateway/config';
import { SERVICE_APPS, SERVICE_KEYS } from './gateway/routes';

const ROOT = join(__dirname, '..');
const DOCKERFILE = 'infra/docker/Dockerfile';
const EMBEDDED_ONLY = 'identity';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  entrypoint?: string[];
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** Services built from our Dockerfile, by their SERVICE build argument. */
const ours = Object.entries(services).filter(([, s]) => s.build?.dockerfile === DOCKERFILE);
const appServices = ours.filter(([, s]) => s.build?.args?.SERVICE !== 'gateway');

type ConfigClass = new () => BaseServiceConfig;

/**
 * The app's config class, found in apps/<app>/src/config/*.config.ts. Loaded by a computed path
 * on purpose: tools never import apps (the module-boundary rule), but this check must read
 * exactly the classes the services validate their environment with.
 */
function configClassOf(app: string): ConfigClass {
  const dir = join(ROOT, 'apps', app, 'src', 'config');
  const classes: ConfigClass[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.config.ts'))) {
    const exports = jest.requireActual<Record<string, unknown>>(join(dir, file));
    for (const value of Object.values(exports)) {
      if (typeof value === 'function' && value.prototype instanceof BaseServiceConfig) {
        classes.push(value as ConfigClass);
      }
    }
  }
  if (classes.length !== 1)
    throw new Error(`${app}: expected one config class, found ${classes.length}`);
  return classes[0];
}

function healthUrl(service: ComposeService): string {
  const test = service.healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  const match = /http:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/health/.exec(text);
  if (!match) throw new Error(`no /health URL in healthcheck: ${text}`);
  return match[1];
}

/** A default that only works on a developer machine: localhost URLs, the local broker, the dev secret. */
function needsProductionValue(name: string, value: unknown): boolean {
  if (name === 'NODE_ENV') return value !== 'production';
  if (name === 'KAFKA_BROKERS') return value === '';
  if (name === 'AUTH_JWT_SECRET') return value === DEV_JWT_SECRET;
  if (name === 'AUDIT_SIGNING_KEY') return value === '';
  return typeof value === 'string' && /\b(127\.0\.0\.1|localhost)\b/.test(value);
}

describe('docker-compose.yml against the code', () => {
  it('runs exactly one container per app folder, plus the gateway, all from the one Dockerfile', () => {
    // The embedded identity provider is for `npm start`; compose signs in through Keycloak.
    const apps = readdirSync(join(ROOT, 'apps')).filter(
      (a) => a !== EMBEDDED_ONLY && existsSync(join(ROOT, 'apps', a, 'src', 'main.ts')),
    );
    expect(appServices.map(([, s]) => s.build!.args!.SERVICE).sort()).toEqual(apps.sort());
    for (const [name, service] of appServices) expect(service.build!.args!.SERVICE).toBe(name);
    expect(ours.filter(([, s]) => s.build?.args?.SERVICE === 'gateway')).toHaveLength(1);
    expect(existsSync(join(ROOT, DOCKERFILE))).toBe(true);
  });

  it('copies only files that exist into the image', () => {
    const dockerfile = readFileSync(join(ROOT, DOCKERFILE), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      m[1].split(/\s+/).filter((part) => !part.startsWith('--')),
    );
    expect(copied.length).toBeGreaterThan(0);
    for (const path of copied) expect([path, existsSync(join(ROOT, path))]).toEqual([path, true]);
  });

  describe.each(appServices.map(([name]) => name))('%s', (name) => {
    const service = services[name];
    const env = service.environment ?? {};
    const configClass = configClassOf(name);
    const variables = configVariableNames(configClass);
    const defaults = new configClass() as unknown as Record<string, unknown>;

    it('sets only variables its config class reads', () => {
      const unknown = Object.keys(env).filter((k) => !variables.includes(k));
      expect(unknown).toEqual([]);
    });

    it('sets every variable whose default only works on a developer machine', () => {
      const missing = variables.filter((v) => needsProductionValue(v, defaults[v]) && !(v in env));
      expect(missing).toEqual([]);
      expect(env.NODE_ENV).toBe('production');
    });

    it('publishes and probes the PORT it sets', () => {
      const port = String(env.PORT);
      expect(port).toMatch(/^\d+$/);
      expect(service.ports).toEqual([`${port}:${port}`]);
      expect(healthUrl(service)).toBe(port);
    });

    it('takes AUTH_JWT_SECRET from the environment with no fallback value', () => {
      expect(composeText).toContain('AUTH_JWT_SECRET: ${AUTH_JWT_SECRET:?');
      expect(String(env.AUTH_JWT_SECRET)).toMatch(/^\$\{AUTH_JWT_SECRET:\?/);
    });

    it('waits for a healthy database and broker and for the topics', () => {
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-init': { condition: 'service_completed_successfully' },
      });
    });
  });

  it('points the gateway at each service on the port that service listens on', () => {
    const [, gateway] = ours.find(([, s]) => s.build?.args?.SERVICE === 'gateway')!;
    const env = gateway.environment ?? {};
    expect(
      Object.keys(env).filter((k) => !(GATEWAY_VARIABLES as readonly string[]).includes(k)),
    ).toEqual([]);
    expect(gateway.ports).toEqual([`${String(env.PORT)}:${String(env.PORT)}`]);
    expect(healthUrl(gateway)).toBe(String(env.PORT));
    for (const key of SERVICE_KEYS) {
      const app = SERVICE_APPS[key];
      expect(env[UPSTREAM_VARIABLES[key]]).toBe(
        `http://${app}:${String(services[app].environment!.PORT)}`,
      );
      expect(gateway.depends_on?.[app]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('creates exactly the contract topics and their dead-letter twins, with partitions and retention', () => {
    const script = readFileSync(join(ROOT, 'infra/kafka/topics-init.sh'), 'utf8');
    const listed = (name: string): string[] => {
      const match = new RegExp(`^${name}=\\(([^)]*)\\)`, 'm').exec(script);
      return (match?.[1] ?? '').split(/\s+/).filter(Boolean);
    };
    expect(listed('topics')).toEqual([...ALL_TOPICS]);
    expect(listed('dlq_topics')).toEqual([...ALL_DLQ_TOPICS]);
    expect(script).toMatch(/--partitions "\$partitions"/);
    expect(script).toMatch(/retention\.ms=/);
    expect(services['kafka-init'].entrypoint).toEqual(['bash', '/init/topics-init.sh']);
    expect(services['kafka-init'].volumes).toContain(
      './infra/kafka/topics-init.sh:/init/topics-init.sh:ro',
    );
    // The services' own topic creation must agree with the init step.
    const partitions = String(services['kafka-init'].environment?.TOPIC_PARTITIONS);
    for (const [, service] of appServices) {
      expect(String(service.environment?.KAFKA_TOPIC_PARTITIONS)).toBe(partitions);
    }
  });
});
