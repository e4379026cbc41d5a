import { dropSchema, eventually, testDatabaseUrl, uniqueName } from '@aidflow/testing';
import { DataSource } from 'typeorm';
import { createDataSource } from '../database.config';
import { runMigrations } from '../migrate';
import { JobLeases1766000000000 } from './1766000000000-job-leases';
import { LeasedIntervalJob } from './leased-interval-job';

const INTERVAL_MS = 100;
const LEASE_MS = 800;

interface Run {
  holder: string;
  start: number;
  end: number;
}

// Two replicas run the same scheduled job on one schema: exactly one of them executes each tick,
// and when the holder goes away the other takes over within the lease time.
describe('LeasedIntervalJob (real Postgres)', () => {
  const schema = uniqueName('leased_job');
  const sources: DataSource[] = [];
  const jobs: LeasedIntervalJob<void>[] = [];

  const replica = async (holder: string, name: string, runs: Run[]) => {
    const dataSource = createDataSource(
      { url: testDatabaseUrl(), schema, poolSize: 2, logSql: false },
      { entities: [], migrations: [JobLeases1766000000000] },
    );
    await runMigrations(dataSource);
    await dataSource.initialize();
    sources.push(dataSource);
    const job = new LeasedIntervalJob<void>(dataSource, {
      name,
      intervalMs: INTERVAL_MS,
      leaseMs: LEASE_MS,
      holder,
      run: async () => {
        const start = Date.now();
        await dataSource.query(`SELECT pg_sleep(0.03)`);
        runs.push({ holder, start, end: Date.now() });
      },
    });
    jobs.push(job);
    return { job, dataSource };
  };

  afterAll(async () => {
    await Promise.all(jobs.map((j) => j.stop()));
    await Promise.all(sources.filter((s) => s.isInitialized).map((s) => s.destroy()));
    await dropSchema(schema);
  });

  const ranBy = (runs: Run[], holder: string, after = 0) =>
    runs.filter((r) => r.holder === holder && r.start >= after).length;

  it('exactly one of two replicas runs each tick, and a closed holder hands over at once', async () => {
    const runs: Run[] = [];
    const a = await replica('replica-a', 'closing', runs);
    const b = await replica('replica-b', 'closing', runs);
    a.job.start();
    await eventually(async () => (ranBy(runs, 'replica-a') > 0 ? true : undefined), {
      what: 'replica a holding the job',
    });
    b.job.start();
    await eventually(async () => (ranBy(runs, 'replica-a') >= 10 ? true : undefined), {
      what: '10 ticks',
    });
    expect(ranBy(runs, 'replica-b')).toBe(0);
    // No two runs overlap in time: one tick, one runner.
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    expect(sorted.every((r, i) => i === 0 || r.start >= sorted[i - 1].end)).toBe(true);

    const closedAt = Date.now();
    await a.job.stop();
    const first = await eventually(async () => runs.find((r) => r.holder === 'replica-b')?.start, {
      what: 'replica b taking over',
    });
    expect(ranBy(runs, 'replica-a', closedAt)).toBe(0);
    // A clean stop releases the lease: the next tick of b takes it, no lease time to wait.
    expect(first - closedAt).toBeLessThan(LEASE_MS);
    await b.job.stop();
  });

  it('a holder that dies (its connections gone) is replaced within the lease time', async () => {
    const runs: Run[] = [];
    const a = await replica('replica-c', 'crashing', runs);
    const b = await replica('replica-d', 'crashing', runs);
    a.job.start();
    await eventually(async () => (ranBy(runs, 'replica-c') > 0 ? true : undefined), {
      what: 'replica c holding the job',
    });
    b.job.start();
    await eventually(async () => (ranBy(runs, 'replica-c') >= 5 ? true : undefined), {
      what: '5 ticks',
    });
    expect(ranBy(runs, 'replica-d')).toBe(0);

    // A crash: the holder can no longer reach the database, so it neither works nor renews.
    const diedAt = Date.now();
    await a.dataSource.destroy();
    const first = await eventually(async () => runs.find((r) => r.holder === 'replica-d')?.start, {
      what: 'replica d taking over',
      timeoutMs: 10_000,
    });
    expect(first - diedAt).toBeLessThan(LEASE_MS + 2 * INTERVAL_MS + 500);
    await eventually(async () => (ranBy(runs, 'replica-d') >= 3 ? true : undefined), {
      what: 'replica d ticking',
    });
    expect(ranBy(runs, 'replica-c', diedAt + 50)).toBe(0);
  });

  it('the migration keeps an existing job_leases table and carries the retention lease over', async () => {
    const legacy = uniqueName('lease_upgrade');
    const dataSource = createDataSource(
      { url: testDatabaseUrl(), schema: legacy, poolSize: 2, logSql: false },
      { entities: [], migrations: [JobLeases1766000000000] },
    );
    await dataSource.initialize();
    try {
      // A deployment from before: both tables exist, one lease in each.
      await dataSource.query(`CREATE SCHEMA ${legacy}`);
      for (const table of ['job_leases', 'messaging_lease'])
        await dataSource.query(
          `CREATE TABLE ${table} (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz(3) NOT NULL)`,
        );
      await dataSource.query(
        `INSERT INTO job_leases VALUES ('disbursement-expiry', 'old-a', now() + interval '1 minute')`,
      );
      await dataSource.query(
        `INSERT INTO messaging_lease VALUES ('messaging.retention', 'old-b', now() + interval '1 minute')`,
      );
      expect(await runMigrations(dataSource)).toEqual(['JobLeases1766000000000']);
      const rows = await dataSource.query<{ name: string; holder: string }[]>(
        `SELECT name, holder FROM job_leases ORDER BY name`,
      );
      expect(rows).toEqual([
        { name: 'disbursement-expiry', holder: 'old-a' },
        { name: 'messaging.retention', holder: 'old-b' },
      ]);
    } finally {
      await dataSource.destroy();
      await dropSchema(legacy);
    }
  });
});
