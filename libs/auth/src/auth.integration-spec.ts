import { dataSourceOptions, runMigrations } from '@aidflow/database';
import { BaseServiceConfig, createServiceApp, loadConfig } from '@aidflow/platform';
import { dropSchema, testDatabaseUrl, uniqueName } from '@aidflow/testing';
import {
  Body,
  Controller,
  Get,
  Global,
  Injectable,
  Logger,
  Module,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsOptional, IsString } from 'class-validator';
import { base64url, exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  AUTH_MIGRATIONS,
  AuthModule,
  AuthSettings,
  AuthUser,
  CurrentUser,
  DevTokenClaims,
  OrgDirectory,
  AllowQueryToken,
  Public,
  Roles,
  ScopeService,
  signDevToken,
} from './index';

const SECRET = 'integration-test-secret-0123456789abcdef';

/** Objects of a fictional scoped kind, owned by orgs (a stand-in for funds, incidents, ...). */
const THINGS: Record<string, string> = { 't-qh01': 'QH01', 't-qh02': 'QH02' };

class RenameDto {
  @IsString() name!: string;
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() idNumber?: string;
}

@Injectable()
class ThingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async get(user: AuthUser, id: string): Promise<{ id: string; orgCode: string }> {
    const orgCode = THINGS[id];
    if (!orgCode) throw new NotFoundException(`thing ${id} not found`);
    await this.scope.assertCanRead(user, orgCode, undefined, `thing ${id} not found`);
    return { id, orgCode };
  }

  rename(user: AuthUser, id: string, dto: RenameDto): Promise<{ id: string; name: string }> {
    return this.dataSource.transaction(async (manager) => {
      const orgCode = THINGS[id];
      if (!orgCode) throw new NotFoundException(`thing ${id} not found`);
      await this.scope.assertCanWrite(user, orgCode, manager);
      return { id, name: dto.name };
    });
  }
}

@Controller()
class ThingsController {
  constructor(private readonly things: ThingsService) {}

  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('things/:id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
  ): Promise<{ id: string; orgCode: string }> {
    return this.things.get(user, id);
  }

  @Post('things/:id/rename')
  @Roles('field', 'admin')
  rename(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RenameDto,
  ): Promise<unknown> {
    return this.things.rename(user, id, dto);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  /** Like an SSE endpoint: EventSource cannot send headers. */
  @Get('me/stream')
  @AllowQueryToken()
  @Roles('field')
  meStream(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}

function appModule(typeorm: DataSourceOptions, settings: AuthSettings): new () => object {
  @Module({
    imports: [
      TypeOrmModule.forRoot(typeorm),
      AuthModule.forRootAsync({ useFactory: () => settings }),
    ],
    controllers: [ThingsController],
    providers: [ThingsService],
  })
  class TestAppModule {}
  return TestAppModule;
}

async function startApp(module: new () => object): Promise<NestFastifyApplication> {
  const app = await createServiceApp(module, { serviceName: 'auth-test' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

interface Reply {
  statusCode: number;
  body: unknown;
}

async function call(
  app: NestFastifyApplication,
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; authorization?: string; payload?: object; requestId?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.requestId) headers['x-request-id'] = options.requestId;
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method, url, headers, payload: options.payload });
  return {
    statusCode: res.statusCode,
    body: res.body ? (JSON.parse(res.body) as unknown) : undefined,
  };
}

const token = (claims: DevTokenClaims, ttl: string | number = '1h'): Promise<string> =>
  signDevToken(claims, SECRET, ttl);

const countyField = {
  sub: 'u-field',
  name: 'Field Worker',
  roles: ['field'] as const,
  orgCode: 'QH01',
};
const provinceField = {
  sub: 'u-prov',
  name: 'Province Worker',
  roles: ['field'] as const,
  orgCode: 'QH',
};

// Nest's start-up chatter (and the refused start-ups' stack traces) would bury the results.
Logger.overrideLogger(false);

describe('@aidflow/auth over HTTP (Fastify, PostgreSQL)', () => {
  const schema = uniqueName('auth');
  const typeorm = dataSourceOptions(
    { url: testDatabaseUrl(), schema, poolSize: 8, logSql: false },
    { entities: [], migrations: AUTH_MIGRATIONS },
  );
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    await runMigrations(new DataSource(typeorm));
    app = await startApp(appModule(typeorm, { jwtSecret: SECRET, nodeEnv: 'test' }));
    dataSource = app.get(DataSource);
    for (const org of [
      { code: 'CN', name: 'National', level: 'national', path: ['CN'] },
      { code: 'QH', name: 'Province', level: 'province', parentCode: 'CN', path: ['CN', 'QH'] },
      {
        code: 'QH01',
        name: 'County 1',
        level: 'county',
        parentCode: 'QH',
        path: ['CN', 'QH', 'QH01'],
      },
      {
        code: 'QH02',
        name: 'County 2',
        level: 'county',
        parentCode: 'QH',
        path: ['CN', 'QH', 'QH02'],
      },
    ]) {
      await OrgDirectory.upsert(dataSource.manager, org);
    }
  });

  afterAll(async () => {
    await app?.close();
    await dropSchema(schema);
  });

  describe('authentication', () => {
    it('lets @Public routes through without a token', async () => {
      expect(await call(app, 'GET', '/health')).toEqual({
        statusCode: 200,
        body: { status: 'ok' },
      });
    });

    it('answers 401 in the contract format without a token', async () => {
      expect(await call(app, 'GET', '/me')).toEqual({
        statusCode: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'missing bearer token' },
      });
    });

    it('takes ?access_token= only where the route allows it, with the same checks', async () => {
      const valid = await token(countyField);
      expect((await call(app, 'GET', `/me?access_token=${valid}`)).statusCode).toBe(401);
      expect(await call(app, 'GET', `/me/stream?access_token=${valid}`)).toEqual({
        statusCode: 200,
        body: { ...countyField, roles: ['field'] },
      });
      const expired = await token(countyField, -120);
      expect((await call(app, 'GET', `/me/stream?access_token=${expired}`)).statusCode).toBe(401);
      expect((await call(app, 'GET', '/me/stream')).statusCode).toBe(401);
    });

    it('accepts a valid token and exposes the caller', async () => {
      const res = await call(app, 'GET', '/me', { token: await token(countyField) });
      expect(res).toEqual({ statusCode: 200, body: { ...countyField, roles: ['field'] } });
    });

    it('answers 401 to a wrong signature, an expired token, alg none, malformed tokens and other schemes', async () => {
      const bad = await signDevToken(countyField, 'some-other-secret-of-sufficient-length', '1h');
      const expired = await token(countyField, -120);
      const none = [
        base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' })),
        base64url.encode(
          JSON.stringify({ ...countyField, exp: Math.floor(Date.now() / 1000) + 600 }),
        ),
        '',
      ].join('.');
      const cases: [Parameters<typeof call>[3], string][] = [
        [{ token: bad }, 'invalid token signature'],
        [{ token: expired }, 'token expired'],
        [{ token: none }, 'token algorithm not allowed'],
        [{ token: 'not-a-jwt' }, 'malformed token'],
        [{ token: 'eyJhbGciOiJIUzI1NiJ9.e30' }, 'malformed token'],
        [
          { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
          'authorization header must be "Bearer <token>"',
        ],
      ];
      for (const [options, message] of cases) {
        expect(await call(app, 'GET', '/me', options)).toEqual({
          statusCode: 401,
          body: { statusCode: 401, error: 'Unauthorized', message },
        });
      }
    });

    it('answers 401 to a token without orgCode', async () => {
      const noOrg = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
      expect((await call(app, 'GET', '/me', { token: noOrg })).statusCode).toBe(401);
    });
  });

  describe('roles', () => {
    it('answers 403 naming the roles needed', async () => {
      const finance = await token({ sub: 'u-fin', roles: ['finance'], orgCode: 'QH01' });
      const res = await call(app, 'POST', '/things/t-qh01/rename', {
        token: finance,
        payload: { name: 'x' },
      });
      expect(res).toEqual({
        statusCode: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: 'requires one of the roles: field, admin',
        },
      });
    });

    it('answers 401 to a token with no roles claim or only unknown roles, even where no role is required', async () => {
      const noRoles = await new SignJWT({ orgCode: 'QH01' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u-none')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
      const root = await token({ sub: 'u-root', roles: ['root' as 'admin'], orgCode: 'CN' });
      const empty = await token({ sub: 'u-empty', roles: [], orgCode: 'CN' });
      for (const bad of [noRoles, root, empty]) {
        expect(await call(app, 'GET', '/things/t-qh01', { token: bad })).toEqual({
          statusCode: 401,
          body: { statusCode: 401, error: 'Unauthorized', message: 'token carries no known role' },
        });
        const write = await call(app, 'POST', '/things/t-qh01/rename', {
          token: bad,
          payload: { name: 'x' },
        });
        expect(write.statusCode).toBe(401);
      }
      // A known role beside unknown ones still counts.
      const mixed = await token({
        sub: 'u-mixed',
        roles: ['root' as 'admin', 'field'],
        orgCode: 'QH01',
      });
      expect((await call(app, 'GET', '/things/t-qh01', { token: mixed })).statusCode).toBe(200);
    });
  });

  describe('scope', () => {
    it('hides another county’s object on read (404) and forbids writing it (403)', async () => {
      const county = await token(countyField);
      expect(await call(app, 'GET', '/things/t-qh02', { token: county })).toEqual({
        statusCode: 404,
        body: { statusCode: 404, error: 'Not Found', message: 'thing t-qh02 not found' },
      });
      const write = await call(app, 'POST', '/things/t-qh02/rename', {
        token: county,
        payload: { name: 'x' },
      });
      expect(write.statusCode).toBe(403);
      expect(write.body).toMatchObject({ error: 'Forbidden' });
    });

    it('lets a county user read its own object and a province user read its counties’', async () => {
      expect(
        (await call(app, 'GET', '/things/t-qh01', { token: await token(countyField) })).statusCode,
      ).toBe(200);
      const province = await token(provinceField);
      expect(await call(app, 'GET', '/things/t-qh01', { token: province })).toEqual({
        statusCode: 200,
        body: { id: 't-qh01', orgCode: 'QH01' },
      });
      expect((await call(app, 'GET', '/things/t-qh02', { token: province })).statusCode).toBe(200);
    });

    it('treats a user whose org the replica does not know as seeing nothing', async () => {
      const stranger = await token({ sub: 'u-x', roles: ['field'], orgCode: 'ZZ' });
      expect((await call(app, 'GET', '/things/t-qh01', { token: stranger })).statusCode).toBe(404);
    });

    it('lists a subtree and sees a new org once upserted', async () => {
      const scope = app.get(ScopeService);
      await expect(scope.subtreeCodes(provinceField)).resolves.toEqual(['QH', 'QH01', 'QH02']);
      await OrgDirectory.upsert(dataSource.manager, {
        code: 'QH0101',
        name: 'Township',
        level: 'township',
        parentCode: 'QH01',
        path: ['CN', 'QH', 'QH01', 'QH0101'],
      });
      // Repeating the event changes nothing.
      await OrgDirectory.upsert(dataSource.manager, {
        code: 'QH0101',
        name: 'Township',
        level: 'township',
        parentCode: 'QH01',
        path: ['CN', 'QH', 'QH01', 'QH0101'],
      });
      await expect(scope.subtreeCodes(countyField)).resolves.toEqual(['QH01', 'QH0101']);
      await expect(scope.isWithin(countyField, 'QH0101')).resolves.toBe(true);
      await expect(OrgDirectory.find(dataSource.manager, 'QH0101')).resolves.toEqual({
        code: 'QH0101',
        name: 'Township',
        level: 'township',
        parentCode: 'QH01',
        path: ['CN', 'QH', 'QH01', 'QH0101'],
      });
    });
  });

  describe('JWKS mode (identity provider keys, rotation)', () => {
    let jwks: { keys: JWK[] };
    let fetches = 0;
    let server: Server;
    let idpApp: NestFastifyApplication;
    const keys: Record<string, { privateKey: KeyLike; jwk: JWK; alg: 'ES256' | 'RS256' }> = {};

    async function addKey(kid: string, alg: 'ES256' | 'RS256'): Promise<void> {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      keys[kid] = {
        privateKey,
        jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
        alg,
      };
    }

    function idpToken(kid: string, claims: DevTokenClaims = countyField): Promise<string> {
      const { privateKey, alg } = keys[kid];
      return new SignJWT({ name: claims.name, roles: [...claims.roles], orgCode: claims.orgCode })
        .setProtectedHeader({ alg, kid })
        .setSubject(claims.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    }

    beforeAll(async () => {
      await addKey('k1', 'ES256');
      await addKey('k2', 'RS256');
      jwks = { keys: [keys.k1.jwk] };
      server = createServer((_req, res) => {
        fetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      idpApp = await startApp(
        appModule(typeorm, {
          jwtSecret: SECRET,
          jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
          nodeEnv: 'test',
          jwksCooldownMs: 0,
        }),
      );
    });

    afterAll(async () => {
      await idpApp?.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('verifies ES256 tokens against the JWKS and caches the keys', async () => {
      const t = await idpToken('k1');
      for (let i = 0; i < 3; i++)
        expect((await call(idpApp, 'GET', '/me', { token: t })).statusCode).toBe(200);
      expect(fetches).toBe(1);
    });

    // Outside production, dev tokens (npm run token) work beside the provider's; production
    // refuses HS256 altogether (token-verifier.spec.ts), and refuses to start without a JWKS.
    it('outside production, also takes HS256 dev tokens signed with the configured secret', async () => {
      const res = await call(idpApp, 'GET', '/me', { token: await token(countyField) });
      expect(res).toMatchObject({ statusCode: 200, body: { sub: 'u-field' } });
      const forged = await call(idpApp, 'GET', '/me', {
        token: await signDevToken(countyField, 'another-secret-of-at-least-32-bytes!!'),
      });
      expect(forged.statusCode).toBe(401);
    });

    it('picks up a rotated key by refetching on an unknown kid, and drops the retired one', async () => {
      jwks = { keys: [keys.k2.jwk] };
      expect((await call(idpApp, 'GET', '/me', { token: await idpToken('k2') })).statusCode).toBe(
        200,
      );
      expect(fetches).toBe(2);
      const retired = await call(idpApp, 'GET', '/me', { token: await idpToken('k1') });
      expect(retired.statusCode).toBe(401);
    });

    it('refuses a token signed by a key the identity provider never published', async () => {
      await addKey('rogue', 'ES256');
      const res = await call(idpApp, 'GET', '/me', { token: await idpToken('rogue') });
      expect(res).toMatchObject({
        statusCode: 401,
        body: { message: 'token signed with an unknown key' },
      });
    });
  });

  describe('production start-up', () => {
    /** Stands in for TypeORM so that only the auth settings can make start-up fail. */
    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: {} }], exports: [DataSource] })
    class FakeDatabaseModule {}

    function productionModule(env: Record<string, string>): new () => object {
      @Module({
        imports: [
          FakeDatabaseModule,
          AuthModule.forRootAsync({
            useFactory: () => {
              const config = loadConfig(BaseServiceConfig, env);
              return {
                jwtSecret: config.AUTH_JWT_SECRET,
                jwksUrl: config.AUTH_JWKS_URL || undefined,
                nodeEnv: config.NODE_ENV,
              };
            },
          }),
        ],
      })
      class ProductionModule {}
      return ProductionModule;
    }

    it('refuses to start in production without AUTH_JWKS_URL, whatever the HS256 secret', async () => {
      for (const secret of [undefined, 'short', 'p'.repeat(48)]) {
        await expect(
          createServiceApp(
            productionModule({
              NODE_ENV: 'production',
              ...(secret ? { AUTH_JWT_SECRET: secret } : {}),
            }),
            { serviceName: 'x' },
          ),
        ).rejects.toThrow(/refusing to start in production without AUTH_JWKS_URL/);
      }
    });

    it('starts in production with the identity provider JWKS', async () => {
      const started = await createServiceApp(
        productionModule({
          NODE_ENV: 'production',
          AUTH_JWKS_URL: 'https://idp.example/realms/aidflow/protocol/openid-connect/certs',
        }),
        { serviceName: 'x' },
      );
      await started.close();
    });
  });
});
