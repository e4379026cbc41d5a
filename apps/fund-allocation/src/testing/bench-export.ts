// Benchmark (not a test): streams a 100,000-row disbursements export over real HTTP from a real
// schema and prints time and peak RSS. Run: node -r ./tools/register.js apps/fund-allocation/src/testing/bench-export.ts [rows] [csv|xlsx]
import { signDevToken } from '@aidflow/auth';
import { startTestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { FundsConfig, SERVICE_NAME } from '../config/funds.config';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const format = process.argv[3] === 'xlsx' ? 'xlsx' : 'csv';
  const service = await startTestService({
    serviceName: SERVICE_NAME,
    configClass: FundsConfig,
    appModule: (config) => AppModule.forRoot(config),
    env: { OUTBOX_RELAY_ENABLED: 'false' },
  });
  try {
    const db = service.app.get(DataSource);
    const fundId = randomUUID();
    await db.query(
      `INSERT INTO org_replica (code, name, level, path) VALUES ('QH', 'QH', 'province', '{QH}')`,
    );
    await db.query(
      `INSERT INTO funds (id, code, name, source, purpose, owner_org_code, amount_fen, available_fen)
       VALUES ($1, 'BENCH', 'bench', 'union', 'condolence', 'QH', $2, $2)`,
      [fundId, String(rows * 100_000)],
    );
    await db.query(
      `INSERT INTO beneficiary_replica (id, incident_id, org_code, site_id)
       SELECT gen_random_uuid(), gen_random_uuid(), 'QH', gen_random_uuid() FROM generate_series(1, $1)`,
      [rows],
    );
    await db.query(
      `INSERT INTO disbursements (id, fund_id, beneficiary_id, amount_fen, purpose, status, org_code, requested_by, required_approvals)
       SELECT gen_random_uuid(), $1, id, 100000, '抗震救灾慰问金', 'requested', 'QH', 'bench', 1 FROM beneficiary_replica`,
      [fundId],
    );
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    const address = service.app.getHttpServer().address() as { port: number };
    const token = await signDevToken({ sub: 'bench', roles: ['finance'], orgCode: 'QH' });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const res = await fetch(
      `http://127.0.0.1:${address.port}/api/exports/disbursements?format=${format}`,
      {
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' },
      },
    );
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      bytes += chunk.length;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    console.log(
      `${rows} rows ${format}: HTTP ${res.status}, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s, ` +
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (service and client in one process)`,
    );
  } finally {
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
