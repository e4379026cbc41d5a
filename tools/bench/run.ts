// npm run bench — not a test: measures PostgreSQL's ceiling for AidFlow's writes, then the whole
// system through the gateway (and the naive NestJS peer for the same intake), prints one table
// and writes bench/results/latest.json so runs can be compared.
//   BENCH_LEVELS=1,4,16,32 BENCH_PER_LEVEL=400 BENCH_BATCHES=4 npm run bench
import { startSystem, testDatabaseUrl } from '@aidflow/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { measureCeilings } from './ceiling';
import { measurePeer } from './naive-peer/measure-peer';
import { measureSingleVisits, measureSystem } from './system-load';
import { table } from './table';

const ROOT = join(__dirname, '..', '..');
const numbers = (raw: string | undefined, fallback: number[]) =>
  raw ? raw.split(',').map(Number) : fallback;

async function main(): Promise<void> {
  const levels = numbers(process.env.BENCH_LEVELS, [1, 4, 16, 32]);
  const perLevel = Number(process.env.BENCH_PER_LEVEL ?? 400);
  const batchCount = Number(process.env.BENCH_BATCHES ?? 4);
  const log = (line: string) => process.stderr.write(`bench ▸ ${line}\n`);

  // Outside jest nothing started the broker: the local one, as `npm test` uses it.
  process.env.KAFKA_BROKERS ||= execFileSync(
    'bash',
    [join(ROOT, 'infra', 'kafka', 'local-broker'), 'start'],
    { encoding: 'utf8' },
  ).trim();
  log('PostgreSQL ceiling (same statements, pg pool)');
  const ceiling = await measureCeilings(testDatabaseUrl());
  log('starting the system (rate limits off: the benchmark is one user writing fast)');
  const system = await startSystem('bench', { RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' });
  let ours;
  try {
    log(`single visits at ${levels.join(', ')} clients, batches, approvals`);
    ours = await measureSystem(system.baseUrl, { levels, perLevel, batches: batchCount });
  } finally {
    await system.stop();
  }
  const top = levels.slice(-1);
  log(`two replicas of each service: single visits at ${top.join(', ')} clients`);
  // Two replicas may not come up on the local broker (its group coordinator, see README): say so, go on.
  let replicated: Awaited<ReturnType<typeof measureSingleVisits>> = [];
  let replicaProblem: string | undefined;
  try {
    const two = await startSystem('bench2', {
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      START_REPLICAS: '2',
      START_TIMEOUT_MS: '60000',
    });
    try {
      replicated = await measureSingleVisits(two.baseUrl, { levels: top, perLevel });
    } finally {
      await two.stop();
    }
  } catch (error) {
    replicaProblem = (error as Error).message.split('\n')[0];
    log(`two replicas: not measured (${replicaProblem})`);
  }
  log('the naive peer (TypeORM save, then await ClientKafka.emit; @EventPattern projection)');
  const peer = await measurePeer(levels, perLevel);

  const result = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, loadavg: loadavg().map((l) => Number(l.toFixed(2))) },
    ceiling,
    ours,
    twoReplicas: replicated,
    ...(replicaProblem ? { twoReplicasProblem: replicaProblem } : {}),
    peer,
  };
  process.stdout.write(`${table(result)}\n`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  log(`written bench/results/latest.json`);
}

main().catch((error: unknown) => {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  process.stderr.write(
    `bench failed: ${error instanceof Error ? error.stack : String(error)}${cause ? `\ncause: ${cause.code ?? ''} ${cause.message ?? ''}` : ''}\n`,
  );
  process.exit(1);
});
