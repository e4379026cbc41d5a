import { signDevToken } from '@aidflow/auth';
import { BaseServiceConfig } from '@aidflow/platform';
import { startTestService, TestService } from '@aidflow/testing';
import { Controller, DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from './config/service-config';
import { ServiceKitModule } from './service-kit.module';

class KitConfig extends BaseServiceConfig {
  @Matches(/^[a-z_][a-z0-9_]*$/)
  DB_SCHEMA = 'kit';
}

@Controller('api/kit')
class KitController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: KitConfig) {}

  @Get('schema')
  schema() {
    return { schema: this.config.DB_SCHEMA };
  }
}

@Module({})
class KitAppModule {
  static forRoot(config: KitConfig): DynamicModule {
    return {
      module: KitAppModule,
      imports: [ServiceKitModule.forRoot({ serviceName: 'kit-probe', config })],
      controllers: [KitController],
    };
  }
}

describe('ServiceKitModule', () => {
  let service: TestService<KitConfig>;

  beforeAll(async () => {
    service = await startTestService({
      serviceName: 'kit-probe',
      configClass: KitConfig,
      appModule: (config) => KitAppModule.forRoot(config),
    });
  });
  afterAll(() => service?.close());

  it('provides the typed config under SERVICE_CONFIG', async () => {
    const token = await signDevToken({ sub: 'u1', roles: ['ops'], orgCode: 'QH' });
    const res = await service.app.inject({
      method: 'GET',
      url: '/api/kit/schema',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json()).toEqual({ schema: service.schema });
  });

  it('guards every route but /health and /metrics with a token', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/api/kit/schema' })).statusCode).toBe(401);
    expect((await service.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('recorded the messaging and auth migrations in the service schema', async () => {
    const rows: { name: string }[] = await service.app
      .get(DataSource)
      .query(`SELECT name FROM migrations`);
    expect(rows.map((r) => r.name)).toEqual([
      'CreateOutboxAndInbox1764000000000',
      'CreateOrgReplicaAndAuditLog1764100000000',
    ]);
  });

  it('answers /health with 503 and the failing check when the database is gone', async () => {
    await service.app.get(DataSource).destroy();
    const res = await service.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'error',
      error: { database: { status: 'down' } },
      info: { broker: { status: 'up' } },
    });
    await service.app.get(DataSource).initialize();
  });
});
