// Shared by the export benchmarks (not tests): boot a service on a fresh schema, let the caller
// seed `rows` rows, stream one export over real HTTP and print time, size and peak RSS.
import { signDevToken } from '@aidflow/auth';
import { DataSource } from 'typeorm';
import { startTestService, TestServiceOptions } from './test-service';

export interface ExportBenchmark<C extends object> {
  service: Pick<TestServiceOptions<C>, 'serviceName' | 'configClass' | 'appModule'>;
  /** Inserts `rows` exportable rows for org QH (SQL, set-based: seeding is not what is measured). */
  seed(db: DataSource, rows: number): Promise<void>;
  /** e.g. `/api/exports/visits` */
  path: string;
}

/** Run: node -r ./tools/register.js <bench file> [rows] [csv|xlsx] */
export async function runExportBenchmark<C extends object>(
  bench: ExportBenchmark<C>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const rows = Number(argv[0] ?? 100_000);
  const format = argv[1] === 'xlsx' ? 'xlsx' : 'csv';
  const service = await startTestService({
    ...bench.service,
    env: { OUTBOX_RELAY_ENABLED: 'false' },
  });
  try {
    const db = service.app.get(DataSource);
    await db.query(
      `INSERT INTO org_replica (code, name, level, path) VALUES ('QH', 'QH', 'province', '{QH}')
       ON CONFLICT (code) DO NOTHING`,
    );
    await bench.seed(db, rows);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    const address = service.app.getHttpServer().address() as { port: number };
    const token = await signDevToken({ sub: 'bench', roles: ['finance'], orgCode: 'QH' });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${address.port}${bench.path}?format=${format}`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' },
    });
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      bytes += chunk.length;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    console.log(
      `${bench.path} ${rows} rows ${format}: HTTP ${res.status}, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s, ` +
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (service and client in one process)`,
    );
  } finally {
    await service.close();
  }
}
