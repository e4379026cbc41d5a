// Failed sign-ins per username and client address: after `maxFailures` within the window the
// pair is locked until the window ends (in memory: one identity process per deployment).
export interface LimiterVerdict {
  locked: boolean;
  /** Seconds until the lockout ends (when locked). */
  retryAfterSec: number;
  failures: number;
}

interface Entry {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private key(username: string, address: string): string {
    return `${username.toLowerCase()}\u0000${address}`;
  }

  check(username: string, address: string): LimiterVerdict {
    const entry = this.live(this.key(username, address));
    if (!entry) return { locked: false, retryAfterSec: 0, failures: 0 };
    const locked = entry.lockedUntil > this.now();
    return {
      locked,
      retryAfterSec: locked ? Math.ceil((entry.lockedUntil - this.now()) / 1000) : 0,
      failures: entry.failures,
    };
  }

  fail(username: string, address: string): LimiterVerdict {
    const key = this.key(username, address);
    const entry = this.live(key) ?? { failures: 0, firstAt: this.now(), lockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= this.maxFailures) entry.lockedUntil = this.now() + this.windowMs;
    this.entries.set(key, entry);
    return this.check(username, address);
  }

  succeed(username: string, address: string): void {
    this.entries.delete(this.key(username, address));
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const end = Math.max(entry.firstAt + this.windowMs, entry.lockedUntil);
    if (end <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
