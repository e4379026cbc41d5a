// docker-compose.yml cannot run on the development machines, so this keeps it honest against the
// code: services ↔ app folders, ports ↔ healthchecks, env names ↔ config classes, topics ↔ contracts.
import { ROLES } from '@aidflow/auth';
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
  expose?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  entrypoint?: string[];
  command?: string[];
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  name: string;
  services: Record<string, ComposeService>;
};
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
  // Never read in production (HS256 refused there): no secret to set.
  if (name === 'AUTH_JWT_SECRET') return false;
  if (name === 'AUDIT_SIGNING_KEY') return value === '';
  // Production refuses HS256: the services must be told the provider's keys.
  if (name === 'AUTH_JWKS_URL') return value === '';
  return typeof value === 'string' && /\b(127\.0\.0\.1|localhost)\b/.test(value);
}

interface RealmMapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}

interface RealmExport {
  realm: string;
  roles: { realm: { name: string }[] };
  clients: {
    clientId: string;
    publicClient: boolean;
    standardFlowEnabled: boolean;
    implicitFlowEnabled: boolean;
    directAccessGrantsEnabled: boolean;
    redirectUris: string[];
    attributes: Record<string, string>;
    protocolMappers: RealmMapper[];
  }[];
  components: Record<string, { config: Record<string, string[]> }[]>;
}

const REALM_FILE = 'infra/keycloak/aidflow-realm.json';
const realm = JSON.parse(readFileSync(join(ROOT, REALM_FILE), 'utf8')) as RealmExport;
const keycloakEnv = services.keycloak?.environment ?? {};
/** Keycloak inside the network, under its relative path (the gateway forwards /oidc as is). */
const KEYCLOAK_INTERNAL = `http://keycloak:8080${String(keycloakEnv.KC_HTTP_RELATIVE_PATH)}`;
const gatewayEnv = (Object.values(services).find((s) => s.build?.args?.SERVICE === 'gateway')
  ?.environment ?? {}) as Record<string, string>;

function consoleClient(): RealmExport['clients'][number] {
  const client = realm.clients.find((c) => c.clientId === gatewayEnv.OIDC_CLIENT_ID);
  if (!client) throw new Error(`no client ${gatewayEnv.OIDC_CLIENT_ID} in ${REALM_FILE}`);
  return client;
}

function mapperOf(type: string): RealmMapper {
  const found = consoleClient().protocolMappers.filter((m) => m.protocolMapper === type);
  if (found.length !== 1) throw new Error(`expected one ${type} mapper, found ${found.length}`);
  return found[0];
}

function apiAudience(): string {
  return mapperOf('oidc-audience-mapper').config['included.custom.audience'];
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

    it('listens on the PORT it sets inside the network only, and probes it', () => {
      const port = String(env.PORT);
      expect(port).toMatch(/^\d+$/);
      // Replicas cannot share a host port: the gateway is the way in.
      expect(service.ports).toBeUndefined();
      expect(service.expose).toEqual([port]);
      expect(healthUrl(service)).toBe(port);
    });

    it('runs two replicas and tells the rate limiter how many share each limit', () => {
      expect(service.deploy?.replicas).toBe(2);
      expect(env.RATE_LIMIT_REPLICAS).toBe(String(service.deploy?.replicas));
    });

    it('verifies tokens with the keys of the Keycloak realm the gateway signs in at', () => {
      expect(env.AUTH_JWT_SECRET).toBeUndefined();
      expect(env.AUTH_JWKS_URL).toBe(
        `${KEYCLOAK_INTERNAL}/realms/${realm.realm}/protocol/openid-connect/certs`,
      );
      expect(env.AUTH_ISSUER).toBe(gatewayEnv.OIDC_ISSUER_URL);
      expect(env.AUTH_AUDIENCE).toBe(apiAudience());
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
      // Every replica by its container name, <project>-<service>-<n>.
      const replicas = Array.from(
        { length: services[app].deploy?.replicas ?? 1 },
        (_, i) =>
          `http://${compose.name}-${app}-${i + 1}:${String(services[app].environment!.PORT)}`,
      );
      expect(String(env[UPSTREAM_VARIABLES[key]]).split(',')).toEqual(replicas);
      expect(gateway.depends_on?.[app]).toEqual({ condition: 'service_healthy' });
    }
  });

  describe('Keycloak (sign-in for the compose stack)', () => {
    const publicOrigin = new URL(gatewayEnv.OIDC_ISSUER_URL).origin;

    it('imports the realm file, served under /oidc on the public origin through the gateway', () => {
      const keycloak = services.keycloak;
      expect(keycloak.command).toEqual(['start', '--import-realm']);
      expect(keycloak.volumes).toContain(
        `./${REALM_FILE}:/opt/keycloak/data/import/aidflow-realm.json:ro`,
      );
      expect(keycloakEnv.KC_HTTP_RELATIVE_PATH).toBe('/oidc');
      expect(`${String(keycloakEnv.KC_HOSTNAME)}/realms/${realm.realm}`).toBe(
        gatewayEnv.OIDC_ISSUER_URL,
      );
      expect(gatewayEnv.OIDC_ISSUER_URL).toBe(`${publicOrigin}/oidc/realms/${realm.realm}`);
      expect(gatewayEnv.IDENTITY_URL).toBe('http://keycloak:8080');
      expect(services.gateway.depends_on?.keycloak).toEqual({ condition: 'service_healthy' });
      expect(String(keycloakEnv.KC_BOOTSTRAP_ADMIN_PASSWORD)).toMatch(
        /^\$\{KEYCLOAK_ADMIN_PASSWORD:\?/,
      );
      const probe = services.keycloak.healthcheck?.test;
      expect(Array.isArray(probe) ? probe.join(' ') : probe).toContain('/oidc/health/ready');
    });

    it('defines exactly the roles of the code', () => {
      expect(realm.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES].sort());
    });

    it('has the console as a public client with the code flow, PKCE S256 and its callback', () => {
      const client = consoleClient();
      expect(client).toMatchObject({
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
      });
      expect(client.attributes['pkce.code.challenge.method']).toBe('S256');
      expect(client.redirectUris).toEqual([`${publicOrigin}/auth/callback`]);
      expect(client.attributes['post.logout.redirect.uris'].split('##')).toContain(
        `${publicOrigin}/signed-out`,
      );
      expect(gatewayEnv.OIDC_SCOPES.split(' ')).toContain('openid');
    });

    it('maps roles, name and the orgCode attribute into the access token, with the API audience', () => {
      const roles = mapperOf('oidc-usermodel-realm-role-mapper').config;
      expect(roles).toMatchObject({
        'claim.name': 'roles',
        multivalued: 'true',
        'access.token.claim': 'true',
      });
      const org = mapperOf('oidc-usermodel-attribute-mapper').config;
      expect(org).toMatchObject({
        'user.attribute': 'orgCode',
        'claim.name': 'orgCode',
        'access.token.claim': 'true',
      });
      expect(mapperOf('oidc-full-name-mapper').config['access.token.claim']).toBe('true');
      expect(mapperOf('oidc-audience-mapper').config['access.token.claim']).toBe('true');
      // The user profile declares the attribute (Keycloak 24+ drops undeclared ones).
      const profile = JSON.parse(
        realm.components['org.keycloak.userprofile.UserProfileProvider'][0].config[
          'kc.user.profile.config'
        ][0],
      ) as { attributes: { name: string }[] };
      expect(profile.attributes.map((a) => a.name)).toContain('orgCode');
    });
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
