// The identity app: an embedded OpenID provider (panva's oidc-provider) with its user directory,
// for `npm start` and any deployment that has no provider of its own.
//   node -r ./tools/register.js apps/identity/src/main.ts
// Prints {"seeded":[…]} (the dev users it created) and {"ready":PORT} on stdout.
import { AuditService } from '@aidflow/audit';
import { createDataSource, ensureDatabase, runMigrations } from '@aidflow/database';
import { loadConfig } from '@aidflow/platform';
import { isAbsolute, join } from 'node:path';
import pino from 'pino';
import { IdentityConfig } from './config/identity.config';
import { loadSecrets } from './keys/signing-keys';
import { LoginLimiter } from './login/login-limiter';
import { MIGRATIONS } from './migrations';
import { providerConfiguration } from './provider/provider-config';
import { AccessTokenRevocation } from './revocation/access-token-revocation';
import { RevokedGrants } from './revocation/revoked-grants';
import { createIdentityServer } from './server';
import { destroyGrant, sweepExpired } from './store/pg-adapter';
import { seedSetsFor, seedUsers } from './users/seed-users';
import { UserDirectory } from './users/user-directory';

const ROOT = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  const logger = pino({ name: 'identity', level: config.LOG_LEVEL });
  const seeds = seedSetsFor(config);

  if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
  const db = createDataSource(
    {
      url: config.DATABASE_URL,
      schema: config.DB_SCHEMA,
      poolSize: config.DATABASE_POOL_SIZE,
      logSql: false,
    },
    { entities: [], migrations: MIGRATIONS },
  );
  await db.initialize();
  await runMigrations(db);

  const users = new UserDirectory(db);
  const seeded = seedUsers(seeds, config.START_ORG_CODE);
  for (const user of seeded) await users.upsert(user);
  process.stdout.write(
    `${JSON.stringify({
      seeded: seeded.map(({ username, password, roles, orgCode }) => ({
        username,
        password,
        roles,
        orgCode,
      })),
    })}\n`,
  );

  const keysDir = isAbsolute(config.IDENTITY_KEYS_DIR)
    ? config.IDENTITY_KEYS_DIR
    : join(ROOT, config.IDENTITY_KEYS_DIR);
  const secrets = loadSecrets(keysDir);
  // oidc-provider is ESM-only; Node 20.19+ loads it from CommonJS.
  const { default: Provider, errors } = await import('oidc-provider');
  // Kept for an access token's lifetime, plus a minute for the services' clock tolerance.
  const revoked = new RevokedGrants(db, config.ACCESS_TOKEN_TTL_S + 60);
  const provider = new Provider(
    config.IDENTITY_ISSUER,
    providerConfiguration(config, db, users, secrets, () => new errors.InvalidTarget(), revoked),
  );
  // Behind the gateway: X-Forwarded-Host/Proto name the public origin.
  provider.proxy = true;
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'provider error'));

  const server = createIdentityServer(
    provider,
    {
      provider,
      users,
      db,
      audit: new AuditService(db),
      limiter: new LoginLimiter(config.LOGIN_MAX_FAILURES, config.LOGIN_LOCKOUT_MS),
      log: (entry) => logger.warn(entry),
    },
    async () => {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    revoked,
    new AccessTokenRevocation(
      secrets.jwks,
      config.IDENTITY_ISSUER,
      config.IDENTITY_AUDIENCE,
      config.OIDC_CLIENT_ID,
      async (grantId) => {
        await revoked.record(grantId);
        await destroyGrant(db, grantId);
      },
    ),
  );
  await new Promise<void>((resolve) => server.listen(config.PORT, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info(
    { port, issuer: config.IDENTITY_ISSUER, keys: keysDir },
    'identity provider listening',
  );
  process.stdout.write(`${JSON.stringify({ ready: port })}\n`);

  const sweeper = setInterval(
    () => void Promise.all([sweepExpired(db), revoked.sweep()]).catch(() => undefined),
    600_000,
  );
  const stop = (): void => {
    clearInterval(sweeper);
    server.closeAllConnections();
    server.close(() => void db.destroy().finally(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `identity failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
