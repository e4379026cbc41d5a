// The identity provider's list of sign-ins (grants) ended before their access tokens expire,
// polled every few seconds and kept in memory: a request costs one Map lookup, and a revoked
// token is refused within one poll. Too old a list (the provider unreachable) refuses every
// provider token with 503 rather than let a revoked one through: the bound holds either way.
import { Logger, OnModuleDestroy } from '@nestjs/common';

export interface RevocationListOptions {
  /** e.g. http://127.0.0.1:3105/oidc/revocations → {revoked: [{gid, until}]}. */
  url: string;
  pollMs: number;
  /** A list older than this is not trusted (every provider token → 503 until it is fresh again). */
  maxStaleMs: number;
}

export type RevocationCheck = 'ok' | 'revoked' | 'stale';

interface Answer {
  revoked: { gid: string; until: number }[];
}

export class RevocationList implements OnModuleDestroy {
  private readonly logger = new Logger('RevocationList');
  /** Grant id → epoch seconds after which none of its tokens is valid anyway. */
  private revoked = new Map<string, number>();
  private fetchedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private stopped = false;
  private inFlight: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: RevocationListOptions) {}

  /** Per request: a Map lookup and a clock read. */
  check(grantId: unknown): RevocationCheck {
    if (!this.started) this.start();
    if (Date.now() - this.fetchedAt > this.options.maxStaleMs) return 'stale';
    if (typeof grantId !== 'string') return 'ok';
    const until = this.revoked.get(grantId);
    return until !== undefined && until * 1000 > Date.now() ? 'revoked' : 'ok';
  }

  /** A stale list is fetched once more before a request is refused (start-up, a blip). */
  async checkFresh(grantId: unknown): Promise<RevocationCheck> {
    const first = this.check(grantId);
    if (first !== 'stale') return first;
    await this.refresh().catch(() => undefined);
    return this.check(grantId);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.poll();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One fetch at a time; concurrent callers share it. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    const response = await fetch(this.options.url, {
      signal: AbortSignal.timeout(Math.max(1000, this.options.pollMs)),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as Answer;
    if (!Array.isArray(body.revoked)) throw new Error('no revoked list in the answer');
    this.revoked = new Map(body.revoked.map((r) => [r.gid, r.until]));
    this.fetchedAt = Date.now();
  }

  private async poll(): Promise<void> {
    try {
      await this.refresh();
      if (this.failing) this.logger.log('revocation list reachable again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(
          `revocation list unreachable (${error instanceof Error ? error.message : String(error)}): provider tokens are refused once it is ${this.options.maxStaleMs} ms old`,
        );
      this.failing = true;
    } finally {
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.poll(), this.options.pollMs);
        this.timer.unref();
      }
    }
  }
}
