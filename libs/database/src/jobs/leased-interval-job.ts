import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { releaseLease, takeLease } from './lease';

export interface LeasedIntervalJobOptions<T> {
  /** Lease name, unique per service schema (e.g. `disbursement-expiry`). */
  name: string;
  /** Time between the end of one tick and the start of the next; 0 = no timer (runOnce still works). */
  intervalMs: number;
  /** How long a holder that stopped renewing keeps the job (default: twice the interval, ≥ 2 s). */
  leaseMs?: number;
  /** The work of one tick, run only by the lease holder. */
  run: () => Promise<T>;
  /** A log line for a tick's result (none when it returns undefined). */
  describe?: (result: T) => string | undefined;
  holder?: string;
}

/**
 * A scheduled job that every replica runs and exactly one executes: each tick takes or renews the
 * job's lease in `job_leases`, runs the work only while holding it, and a replica that dies
 * stops renewing, so another takes over once the lease lapses (at once when it closed cleanly).
 * Ticks never overlap within a replica; a failed tick is logged and the next one tries again.
 */
export class LeasedIntervalJob<T = unknown> {
  private readonly logger: Logger;
  readonly holder: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: LeasedIntervalJobOptions<T>,
  ) {
    this.logger = new Logger(`Job:${options.name}`);
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  get name(): string {
    return this.options.name;
  }

  get leaseMs(): number {
    return this.options.leaseMs ?? Math.max(2 * this.options.intervalMs, 2000);
  }

  start(): void {
    if (this.options.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer, waits for a tick in flight, and hands the lease over. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await releaseLease(this.dataSource, this.options.name, this.holder).catch(() => undefined);
  }

  /** Renews the lease inside a long tick (between chunks): false when it was lost meanwhile. */
  renew(): Promise<boolean> {
    return takeLease(this.dataSource, this.options.name, this.holder, this.leaseMs);
  }

  /** One tick (tests pass their own work): its result, or null when another replica holds the lease. */
  async runOnce(work: () => Promise<T> = this.options.run): Promise<T | null> {
    if (!(await this.renew())) return null;
    return work();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const running = this.runOnce();
    this.running = running;
    try {
      const result = await running;
      const line = result === null ? undefined : this.options.describe?.(result);
      if (line) this.logger.log(line);
    } catch (error) {
      this.logger.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = undefined;
      this.schedule();
    }
  }
}
