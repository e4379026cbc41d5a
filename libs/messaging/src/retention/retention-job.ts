import { LeasedIntervalJob } from '@aidflow/database';
import { DataSource } from 'typeorm';
import { MessagingMetrics } from '../messaging.metrics';

export const RETENTION_LEASE = 'messaging.retention';

export interface RetentionSettings {
  /** Published outbox rows and inbox ids older than this are deleted. */
  windowMs: number;
  /** How often the job runs; 0 = never on its own (pruneOnce still works). */
  intervalMs: number;
  /** A holder that stopped renewing for this long is replaced (default: twice the interval, ≥ 1 min). */
  leaseMs?: number;
  /** Rows per DELETE, so no statement holds many locks for long. */
  chunkSize?: number;
  holder?: string;
}

export interface PruneResult {
  outbox: number;
  inbox: number;
}

/**
 * Prunes the service's outbox (published rows only: unpublished and parked rows stay) and inbox.
 * Every replica runs the timer; only the holder of the `messaging.retention` lease prunes, and a
 * standby takes the lease over when the holder stops renewing it (LeasedIntervalJob).
 */
export class RetentionJob {
  private readonly job: LeasedIntervalJob<PruneResult>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RetentionSettings,
    private readonly metrics?: MessagingMetrics,
  ) {
    this.job = new LeasedIntervalJob(dataSource, {
      name: RETENTION_LEASE,
      intervalMs: settings.intervalMs,
      leaseMs: settings.leaseMs ?? Math.max(2 * settings.intervalMs, 60_000),
      holder: settings.holder,
      run: () => this.prune(),
      describe: (r) =>
        r.outbox + r.inbox > 0 ? `pruned ${r.outbox} outbox and ${r.inbox} inbox rows` : undefined,
    });
  }

  start(): void {
    this.job.start();
  }

  /** Stops the timer and hands the lease over at once. */
  async stop(): Promise<void> {
    await this.job.stop();
  }

  /** One round; undefined when another replica holds the lease. */
  async pruneOnce(): Promise<PruneResult | undefined> {
    return (await this.job.runOnce()) ?? undefined;
  }

  private async prune(): Promise<PruneResult> {
    const result: PruneResult = { outbox: 0, inbox: 0 };
    const chunk = this.settings.chunkSize ?? 5000;
    for (const table of ['outbox', 'inbox'] as const) {
      for (;;) {
        const deleted = await this.deleteChunk(table, chunk);
        result[table] += deleted;
        if (deleted > 0) this.metrics?.pruned.inc({ table }, deleted);
        if (deleted < chunk) break;
        // A long round renews between chunks; a lost lease ends it (the new holder goes on).
        if (!(await this.job.renew())) return result;
      }
    }
    return result;
  }

  private async deleteChunk(table: 'outbox' | 'inbox', chunk: number): Promise<number> {
    const sql =
      table === 'outbox'
        ? `WITH doomed AS (
             DELETE FROM outbox WHERE seq IN (
               SELECT seq FROM outbox
                WHERE published_at < now() - $1::double precision * interval '1 millisecond'
                ORDER BY seq LIMIT $2)
             RETURNING 1)
           SELECT count(*)::int AS n FROM doomed`
        : `WITH doomed AS (
             DELETE FROM inbox WHERE (consumer_group, event_id) IN (
               SELECT consumer_group, event_id FROM inbox
                WHERE processed_at < now() - $1::double precision * interval '1 millisecond'
                LIMIT $2)
             RETURNING 1)
           SELECT count(*)::int AS n FROM doomed`;
    const [row] = await this.dataSource.query<{ n: number }[]>(sql, [
      this.settings.windowMs,
      chunk,
    ]);
    return row?.n ?? 0;
  }
}
