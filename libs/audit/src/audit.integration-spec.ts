import {
  AUTH_MIGRATIONS,
  AuthModule,
  AuthUser,
  CurrentUser,
  OrgDirectory,
  Roles,
  signDevToken,
} from '@aidflow/auth';
import { dataSourceOptions, JobLeases1766000000000, runMigrations } from '@aidflow/database';
import { KafkaConnection, MessagingOptions } from '@aidflow/messaging';
import { createServiceApp } from '@aidflow/platform';
import {
  dropSchema,
  eventually,
  testBrokers,
  testDatabaseUrl,
  uniqueName,
  uniqueTopicPrefix,
} from '@aidflow/testing';
import { Body, Controller, Injectable, Logger, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsOptional, IsString } from 'class-validator';
import { Kafka, logLevel } from 'kafkajs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import {
  AUDIT_MIGRATIONS,
  AuditModule,
  AuditSealer,
  AuditService,
  loadSealKey,
  readPublishedHeads,
  verifyAudit,
} from './index';

const SECRET = 'audit-integration-secret-0123456789abcdef';
const ROOT = join(__dirname, '..', '..', '..');
const KEY = loadSealKey('', 'test');

class RenameDto {
  @IsString() name!: string;
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() idNumber?: string;
}

@Injectable()
class ThingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  rename(id: string, dto: RenameDto): Promise<{ id: string }> {
    return this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, {
        action: 'thing.rename',
        targetType: 'thing',
        targetId: id,
        summary: dto,
      });
      return { id };
    });
  }
}

@Controller('things')
class ThingsController {
  constructor(private readonly things: ThingsService) {}

  @Post(':id/rename')
  @Roles('field', 'admin')
  rename(@CurrentUser() _user: AuthUser, @Param('id') id: string, @Body() dto: RenameDto) {
    return this.things.rename(id, dto);
  }
}

Logger.overrideLogger(false);

describe('@aidflow/audit: writers without a lock, a sealer, a verifier', () => {
  const schema = uniqueName('audit');
  const topicPrefix = uniqueTopicPrefix('audit');
  const typeorm = dataSourceOptions(
    { url: testDatabaseUrl(), schema, poolSize: 8, logSql: false },
    { entities: [], migrations: [...AUTH_MIGRATIONS, JobLeases1766000000000, ...AUDIT_MIGRATIONS] },
  );
  const kafka = new KafkaConnection({
    serviceName: 'audit-test',
    brokers: testBrokers(),
    topicPrefix,
    partitions: 1,
  } as MessagingOptions);
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let sealer: AuditSealer;

  const call = async (url: string, token: string, payload?: object, requestId?: string) => {
    const res = await app.inject({
      method: payload ? 'POST' : 'GET',
      url,
      payload,
      headers: {
        authorization: `Bearer ${token}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
    });
    return { statusCode: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  const admin = () => signDevToken({ sub: 'u-admin', roles: ['admin'], orgCode: 'CN' }, SECRET);
  const rename = async (id: string, name: string) =>
    (await call(`/things/${id}/rename`, await admin(), { name })).statusCode;
  const verify = (knownHeads = [] as { batch: number; head: string }[]) =>
    verifyAudit(dataSource, { publicKey: KEY.publicKey, knownHeads });
  /** Seals until every committed row is sealed (another session's open transaction may delay it). */
  const sealAll = () =>
    eventually(
      async () => {
        await sealer.drain();
        const result = await verify();
        return result.pending === 0 ? result : undefined;
      },
      { what: 'every row sealed' },
    );

  beforeAll(async () => {
    await runMigrations(new DataSource(typeorm));
    @Module({
      imports: [
        TypeOrmModule.forRoot(typeorm),
        AuthModule.forRootAsync({
          useFactory: () => ({ jwtSecret: SECRET, nodeEnv: 'test' }),
          replicateOrgs: false,
        }),
        AuditModule.forRootAsync({
          useFactory: () => ({
            serviceName: 'audit-test',
            nodeEnv: 'test',
            signingKey: '',
            sealerEnabled: false,
            sealIntervalMs: 50,
            sealBatchSize: 1000,
            leaseMs: 5000,
          }),
        }),
      ],
      controllers: [ThingsController],
      providers: [ThingsService],
    })
    class TestAppModule {}
    app = await createServiceApp(TestAppModule, { serviceName: 'audit-test' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get(DataSource);
    // GET /api/audit shows the caller's subtree: the orgs must be known.
    for (const org of [
      { code: 'CN', name: 'National', level: 'national', path: ['CN'] },
      { code: 'QH', name: 'Province', level: 'province', parentCode: 'CN', path: ['CN', 'QH'] },
      {
        code: 'QH01',
        name: 'County',
        level: 'county',
        parentCode: 'QH',
        path: ['CN', 'QH', 'QH01'],
      },
    ]) {
      await OrgDirectory.upsert(dataSource.manager, org);
    }
    await kafka.ensureTopics(['aidflow.audit.v1']);
    // Small batches, so the tamper tests have several batches to work with.
    sealer = new AuditSealer(
      dataSource,
      { serviceName: 'audit-test', key: KEY, intervalMs: 50, batchSize: 8, leaseMs: 5000 },
      kafka,
    );
  });

  afterAll(async () => {
    await app?.close();
    await kafka.onModuleDestroy();
    await dropSchema(schema);
  });

  it('records the actor, request id and a redacted summary', async () => {
    const field = await signDevToken(
      { sub: 'u-field', name: 'Field Worker', roles: ['field'], orgCode: 'QH01' },
      SECRET,
    );
    const res = await call(
      '/things/t1/rename',
      field,
      { name: 'Renamed', phone: '13800138000', idNumber: '11010519491231002X' },
      'req-rename-1',
    );
    expect(res.statusCode).toBe(201);
    const list = await call('/api/audit?targetId=t1', await admin());
    expect(list.body.items).toEqual([
      expect.objectContaining({
        actor: { sub: 'u-field', name: 'Field Worker', roles: ['field'], orgCode: 'QH01' },
        action: 'thing.rename',
        summary: { name: 'Renamed', phone: '138****8000', idNumber: '110105********002X' },
        requestId: 'req-rename-1',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('13800138000');
    expect((await call('/api/audit', field)).statusCode).toBe(403);
  });

  it('writers on different aggregates never wait for each other; the sealer waits for the gap', async () => {
    const audit = app.get(AuditService);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // A holds its transaction open after appending (xid assigned first, commits last).
      await runner.query(`SELECT pg_current_xact_id()`);
      await audit.record(runner.manager, {
        action: 'thing.rename',
        targetType: 'thing',
        targetId: 'slow',
      });
      // B, on another aggregate, commits while A is open: with a service-wide lock it would hang.
      const started = Date.now();
      await Promise.race([
        dataSource.transaction((manager: EntityManager) =>
          audit.record(manager, { action: 'thing.rename', targetType: 'thing', targetId: 'fast' }),
        ),
        new Promise((_, reject) => setTimeout(() => reject(new Error('B waited for A')), 3000)),
      ]);
      expect(Date.now() - started).toBeLessThan(3000);
      await Promise.all(Array.from({ length: 20 }, (_, i) => rename(`p${i % 4}`, `c${i}`))).then(
        (codes) => expect(codes.every((c) => c === 201)).toBe(true),
      );
      // Everything after A's xid waits for A, however often the sealer runs.
      await sealer.drain();
      const sealedFast = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_seal s, audit_log l WHERE l.seq = ANY(s.seqs) AND l.target_id IN ('slow', 'fast')`,
      );
      expect(sealedFast[0].n).toBe(0);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const result = await sealAll();
    expect(result).toMatchObject({ ok: true, rows: 23, pending: 0 });
    // Commit order as the sealer saw it: A (older xid) before B, although B committed first.
    const order = await dataSource.query<{ target_id: string }[]>(
      `SELECT l.target_id FROM audit_seal s, unnest(s.seqs) WITH ORDINALITY AS u(seq, i), audit_log l
        WHERE l.seq = u.seq AND l.target_id IN ('slow', 'fast') ORDER BY s.batch, u.i`,
    );
    expect(order.map((r) => r.target_id)).toEqual(['slow', 'fast']);
  });

  it('publishes every head on aidflow.audit.v1, chained and signed', async () => {
    const [{ n }] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_seal`,
    );
    expect(n).toBeGreaterThanOrEqual(3);
    const heads = await eventually(
      async () => {
        const read = await readPublishedHeads(testKafka(), { topicPrefix, log: schema });
        return read.length === n ? read : undefined;
      },
      { what: 'every head published' },
    );
    const stored = await dataSource.query<{ batch: string; head: string }[]>(
      `SELECT batch::text AS batch, head FROM audit_seal ORDER BY batch`,
    );
    expect(heads).toEqual(stored.map((s) => ({ batch: Number(s.batch), head: s.head })));
  });

  it('one sealer leads; a standby takes over when it stops or its lease lapses', async () => {
    const options = { serviceName: 'audit-test', key: KEY, intervalMs: 50, batchSize: 8 };
    const standby = new AuditSealer(dataSource, { ...options, leaseMs: 300 });
    expect((await standby.tick()).leader).toBe(false);
    await dataSource.query(
      `UPDATE job_leases SET expires_at = '-infinity' WHERE name = 'audit.sealer'`,
    );
    expect((await standby.tick()).leader).toBe(true);
    expect((await sealer.tick()).leader).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect((await sealer.tick()).leader).toBe(true);
    await expect(rename('after-failover', 'x')).resolves.toBe(201);
    await expect(sealAll()).resolves.toMatchObject({ ok: true, pending: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of rows and seals at the database', async () => {
    const updates = {
      audit_log: `UPDATE audit_log SET action = 'x'`,
      audit_seal: `UPDATE audit_seal SET size = 1`,
    };
    for (const [table, update] of Object.entries(updates)) {
      await expect(dataSource.query(update)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    }
  });

  describe('what someone with superuser rights could do (switch the guard off, rewrite)', () => {
    const sealedRow = async (offset: number) => {
      const [row] = await dataSource.query<{ seq: string; summary: object; batch: string }[]>(
        `SELECT l.seq::text AS seq, l.summary, s.batch::text AS batch
           FROM audit_log l JOIN audit_seal s ON l.seq = ANY(s.seqs) ORDER BY l.seq OFFSET $1 LIMIT 1`,
        [offset],
      );
      return row;
    };

    it('an edited row is detected, by the library and the command', async () => {
      await expect(auditVerifyCommand(schema)).resolves.toEqual({
        code: 0,
        out: expect.stringMatching(/OK .* intact/),
      });
      const target = await sealedRow(5);
      await asSuperuser(
        dataSource,
        `UPDATE audit_log SET summary = '{"name":"forged"}' WHERE seq = ${target.seq}`,
      );
      expect((await verify()).problems).toEqual([
        { batch: target.batch, seq: target.seq, reason: expect.stringMatching(/edited/) },
      ]);
      const broken = await auditVerifyCommand(schema);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(`seq ${target.seq}: row ${target.seq} was edited`);
      await asSuperuser(
        dataSource,
        `UPDATE audit_log SET summary = $1::jsonb WHERE seq = ${target.seq}`,
        [JSON.stringify(target.summary)],
      );
      await expect(verify()).resolves.toMatchObject({ ok: true });
    }, 180_000);

    it('a deleted row is detected', async () => {
      const target = await sealedRow(3);
      const [copy] = await dataSource.query<object[]>(
        `SELECT * FROM audit_log WHERE seq = ${target.seq}`,
      );
      await asSuperuser(dataSource, `DELETE FROM audit_log WHERE seq = ${target.seq}`);
      expect((await verify()).problems).toEqual([
        { batch: target.batch, seq: target.seq, reason: `row ${target.seq} was deleted` },
      ]);
      await dataSource.query(
        `INSERT INTO audit_log SELECT * FROM json_populate_record(null::audit_log, $1::json)`,
        [JSON.stringify(copy)],
      );
      await expect(verify()).resolves.toMatchObject({ ok: true });
    });

    it('reordered rows are detected, whether the seal or the rows are rearranged', async () => {
      const [seal] = await dataSource.query<{ seqs: string[]; batch: string }[]>(
        `SELECT seqs::text[] AS seqs, batch::text AS batch FROM audit_seal WHERE size >= 2 ORDER BY batch LIMIT 1`,
      );
      const first = { batch: seal.batch };
      const swapped = [seal.seqs[1], seal.seqs[0], ...seal.seqs.slice(2)];
      await asSuperuser(
        dataSource,
        `UPDATE audit_seal SET seqs = $1::bigint[] WHERE batch = ${first.batch}`,
        [swapped],
      );
      const reasons = (await verify()).problems.map((p) => p.reason);
      expect(reasons).toEqual([
        expect.stringMatching(/was reordered \(sealed at position 2, now at 1\)/),
        expect.stringMatching(/was reordered \(sealed at position 1, now at 2\)/),
      ]);
      await asSuperuser(
        dataSource,
        `UPDATE audit_seal SET seqs = $1::bigint[] WHERE batch = ${first.batch}`,
        [seal.seqs],
      );

      // Swapping two rows' places in the log (their seq numbers) changes what their leaves hash.
      const [a, b] = seal.seqs;
      await asSuperuser(
        dataSource,
        `UPDATE audit_log SET seq = -1 WHERE seq = ${a};
         UPDATE audit_log SET seq = ${a} WHERE seq = ${b};
         UPDATE audit_log SET seq = ${b} WHERE seq = -1`,
      );
      expect((await verify()).problems.map((p) => p.reason)).toEqual([
        expect.stringMatching(/edited or moved/),
        expect.stringMatching(/edited or moved/),
      ]);
      await asSuperuser(
        dataSource,
        `UPDATE audit_log SET seq = -1 WHERE seq = ${a};
         UPDATE audit_log SET seq = ${a} WHERE seq = ${b};
         UPDATE audit_log SET seq = ${b} WHERE seq = -1`,
      );
      await expect(verify()).resolves.toMatchObject({ ok: true });
    });

    it('a forged seal fails its signature; a row slipped in behind the seals is found', async () => {
      const [{ tx }] = await dataSource.query<{ tx: string }[]>(
        `SELECT tx::text AS tx FROM audit_log WHERE seq = (SELECT seqs[1] FROM audit_seal WHERE batch = 2)`,
      );
      await dataSource.query(
        `INSERT INTO audit_log (seq, tx, at, action, target_type, target_id) VALUES (-5, $1::xid8, now(), 'forged', 'thing', 'x')`,
        [tx],
      );
      const problems = (await verify()).problems;
      expect(problems).toEqual([
        expect.objectContaining({
          seq: '-5',
          reason: expect.stringMatching(/not sealed \(inserted afterwards\)/),
        }),
      ]);
      await asSuperuser(dataSource, `DELETE FROM audit_log WHERE seq = -5`);
      await asSuperuser(dataSource, `UPDATE audit_seal SET root = repeat('0', 64) WHERE batch = 2`);
      expect((await verify()).problems.map((p) => p.reason)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/forged or edited seal/),
          expect.stringMatching(/do not make its signed root/),
        ]),
      );
    });

    it('a truncated tail (newest rows and their seals) shows against the published heads', async () => {
      // Also takes away the previous test's forged batch 2.
      const [last] = await dataSource.query<{ batch: string }[]>(
        `SELECT max(batch)::text AS batch FROM audit_seal`,
      );
      const heads = await eventually(
        async () => {
          const read = await readPublishedHeads(testKafka(), { topicPrefix, log: schema });
          return read.length === Number(last.batch) ? read : undefined;
        },
        { what: 'every head published' },
      );
      await asSuperuser(
        dataSource,
        `DELETE FROM audit_log WHERE seq IN (SELECT unnest(seqs) FROM audit_seal WHERE batch >= 2);
         DELETE FROM audit_seal WHERE batch >= 2`,
      );
      // Inside the database alone the shorter log is consistent: that is the limit of any hash chain.
      await expect(verify()).resolves.toMatchObject({ ok: true, batches: 1 });
      const problems = (await verify(heads)).problems;
      expect(problems[0]).toEqual({
        batch: '2',
        reason: expect.stringMatching(/tail was truncated/),
      });
      expect(problems).toHaveLength(Number(last.batch) - 1);
      const command = await auditVerifyCommand(schema, [
        '--kafka',
        testBrokers().join(','),
        '--topic-prefix',
        topicPrefix,
      ]);
      expect(command.code).toBe(1);
      expect(command.out).toContain('batch 2: batch 2 was published but is not in the database');
    }, 180_000);
  });
});

function testKafka(): Kafka {
  return new Kafka({
    clientId: 'audit-test-reader',
    brokers: testBrokers(),
    logLevel: logLevel.NOTHING,
  });
}

async function asSuperuser(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const table of ['audit_log', 'audit_seal']) {
      await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    }
    for (const statement of sql
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      await manager.query(statement, statement.includes('$1') ? params : []);
    }
    for (const table of ['audit_log', 'audit_seal']) {
      await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  });
}

async function auditVerifyCommand(
  schema: string,
  extra: string[] = [],
): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        './tools/register.js',
        'tools/audit-verify.ts',
        '--url',
        testDatabaseUrl(),
        '--schema',
        schema,
        ...extra,
      ],
      { cwd: ROOT },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '' };
  }
}
