// The replicas of one service behind the gateway: round-robin over those that answer, a replica
// that refuses a connection skipped until its /health answers 200 again.

export class UpstreamPool {
  private readonly replicas: URL[];
  private readonly down = new Set<string>();
  private turn = 0;

  constructor(urls: string | readonly string[]) {
    const list = typeof urls === 'string' ? urls.split(',') : [...urls];
    this.replicas = list.map((u) => new URL(u.trim()));
    if (this.replicas.length === 0) throw new Error('a service needs at least one upstream');
  }

  get size(): number {
    return this.replicas.length;
  }

  get all(): readonly URL[] {
    return this.replicas;
  }

  /** The next replica not known to be down (all of them when every one is). */
  pick(): URL {
    for (let i = 0; i < this.replicas.length; i++) {
      const candidate = this.replicas[this.turn++ % this.replicas.length];
      if (candidate && !this.down.has(candidate.href)) return candidate;
    }
    // Every replica is down: try them in turn anyway (one may be back before the next probe).
    const any = this.replicas[this.turn++ % this.replicas.length];
    if (!any) throw new Error('a service needs at least one upstream');
    return any;
  }

  markDown(replica: URL): void {
    const member = this.replicas.some((r) => r.href === replica.href);
    if (member && this.replicas.length > 1) this.down.add(replica.href);
  }

  mark(replica: URL, up: boolean): void {
    if (up) this.down.delete(replica.href);
    else this.markDown(replica);
  }

  isUp(replica: URL): boolean {
    return !this.down.has(replica.href);
  }
}
