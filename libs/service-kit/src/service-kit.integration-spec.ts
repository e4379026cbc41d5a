import { signDevToken } from '@aidflow/auth';
import { BaseServiceConfig } from '@aidflow/platform';
import { startTestService, TestService } from '@aidflow/testing';
import { OutboxService } from '@aidflow/messaging';
import {
  Body,
  Controller,
  DynamicModule,
  Get,
  Headers,
  Inject,
  Module,
  Post,
} from '@nestjs/common';
import { IsInt, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from './config/service-config';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ServiceKitModule } from './service-kit.module';

class KitConfig extends BaseServiceConfig {
  @Matches(/^[a-z_][a-z0-9_]*$/)
  DB_SCHEMA = 'kit';
}

class ProbeDto {
  @IsInt()
  seq!: number;
}

@Controller('api/kit')
class KitController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: KitConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** A write with an event, made idempotent by the header (the shape every money/visit write uses). */
  @Post('probes')
  async probe(@Body() body: ProbeDto, @Headers('idempotency-key') key?: string) {
    const { result } = await this.dataSource.transaction((manager) =>
      this.idempotency.once(manager, key, body, async () => {
        const event = await this.outbox.publish(manager, 'system.probe', 'kit', { seq: body.seq });
        return { eventId: event.id };
      }),
    );
    return result;
  }

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
    expect((await service.app.inject({ method: 'GET', url: '/api/kit/schema' })).statusCode).toBe(
      401,
    );
    expect((await service.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('recorded the messaging, auth and audit migrations in the service schema', async () => {
    const rows: { name: string }[] = await service.app
      .get(DataSource)
      .query(`SELECT name FROM migrations`);
    expect(rows.map((r) => r.name)).toEqual([
      'CreateOutboxAndInbox1764000000000',
      'CreateOrgReplicaAndAuditLog1764100000000',
      'CreateIdempotencyKeys1764150000000',
      'AuditSealing1764160000000',
      'AuditTargetOrg1764611000000',
      'OutboxParkingAndRetention1765000000000',
      'JobLeases1766000000000',
      'IdempotencyResultAsJson1766000000100',
      'SealerLeaseInJobLeases1766000000200',
    ]);
  });

  describe('idempotent writes', () => {
    const post = async (seq: number, key?: string) =>
      service.app.inject({
        method: 'POST',
        url: '/api/kit/probes',
        payload: { seq },
        headers: {
          authorization: `Bearer ${await signDevToken({ sub: 'u-idem', roles: ['ops'], orgCode: 'QH' })}`,
          ...(key ? { 'idempotency-key': key } : {}),
        },
      });
    const outboxRows = async (seq: number): Promise<number> => {
      const [row] = await service.app
        .get(DataSource)
        .query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox WHERE envelope->'data'->>'seq' = $1`,
          [String(seq)],
        );
      return row.n;
    };

    it('a repeated request returns the first result and writes nothing more', async () => {
      const first = await post(101, 'key-0000101');
      const again = await post(101, 'key-0000101');
      expect(first.statusCode).toBe(201);
      expect(again.body).toBe(first.body); // byte for byte, key order included
      expect(await outboxRows(101)).toBe(1);
    });

    it('concurrent repeats still write once', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(102, 'key-0000102')));
      expect(new Set(answers.map((a) => a.json<{ eventId: string }>().eventId)).size).toBe(1);
      expect(await outboxRows(102)).toBe(1);
    });

    it('the same key with a different request → 422; no key → a new write each time', async () => {
      await post(103, 'key-0000103');
      const reused = await post(104, 'key-0000103');
      expect(reused.statusCode).toBe(422);
      expect(reused.json().details).toEqual([
        { field: 'Idempotency-Key', problem: 'reused with a different request' },
      ]);
      await post(105);
      await post(105);
      expect(await outboxRows(105)).toBe(2);
      expect((await post(106, 'bad key!')).statusCode).toBe(400);
    });
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
