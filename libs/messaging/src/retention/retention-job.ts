import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
 * standby takes the lease over when the holder stops renewing it.
 */
export class RetentionJob {
  private readonly logger = new Logger('MessagingRetention');
  private readonly holder: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RetentionSettings,
    private readonly metrics?: MessagingMetrics,
  ) {
    this.holder = settings.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (this.settings.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pruneOnce()
        .catch((error: unknown) => {
          // The next round tries again; nothing is lost by pruning later.
          this.logger.warn(
            `retention failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => (this.running = undefined));
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    // Hand over at once rather than making a standby wait for the lease to lapse.
    await this.dataSource
      .query(
        `UPDATE messaging_lease SET expires_at = '-infinity' WHERE name = $1 AND holder = $2`,
        [RETENTION_LEASE, this.holder],
      )
      .catch(() => undefined);
  }

  /** One round; undefined when another replica holds the lease. */
  async pruneOnce(): Promise<PruneResult | undefined> {
    const result: PruneResult = { outbox: 0, inbox: 0 };
    const chunk = this.settings.chunkSize ?? 5000;
    for (const table of ['outbox', 'inbox'] as const) {
      for (;;) {
        if (!(await this.takeLease())) return result.outbox + result.inbox > 0 ? result : undefined;
        const deleted = await this.deleteChunk(table, chunk);
        result[table] += deleted;
        if (deleted > 0) this.metrics?.pruned.inc({ table }, deleted);
        if (deleted < chunk) break;
      }
    }
    if (result.outbox + result.inbox > 0) {
      this.logger.log(`pruned ${result.outbox} outbox and ${result.inbox} inbox rows`);
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

  private async takeLease(): Promise<boolean> {
    const leaseMs = this.settings.leaseMs ?? Math.max(2 * this.settings.intervalMs, 60_000);
    const rows = await this.dataSource.query<{ holder: string }[]>(
      `INSERT INTO messaging_lease (name, holder, expires_at)
       VALUES ($1, $2, now() + $3::double precision * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE messaging_lease.holder = EXCLUDED.holder OR messaging_lease.expires_at < now()
       RETURNING holder`,
      [RETENTION_LEASE, this.holder, leaseMs],
    );
    return rows.length === 1;
  }
}
