import { HttpException } from '@nestjs/common';
import { apiErrorBody } from '@aidflow/platform';

/** Seconds a refused client should wait before trying again (a closed tab frees its slot at once). */
export const STREAM_RETRY_AFTER_SEC = 5;

/**
 * Open streams per user on this replica. Each replica allows floor(cap / replicas) (at least 1),
 * so several replicas together never hold more than the configured cap per user (README, Limits).
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly perReplica: number) {}

  static forDeployment(capPerUser: number, replicas: number): StreamSlots {
    return new StreamSlots(Math.max(1, Math.floor(capPerUser / Math.max(1, replicas))));
  }

  /** Takes a slot for the user, or throws 429 in the contract's shape; returns the release. */
  take(sub: string): () => void {
    const held = this.open.get(sub) ?? 0;
    if (held >= this.perReplica) {
      throw new HttpException(
        apiErrorBody(429, `at most ${this.perReplica} open streams per user: close one first`),
        429,
      );
    }
    this.open.set(sub, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(sub) ?? 1) - 1;
      if (left <= 0) this.open.delete(sub);
      else this.open.set(sub, left);
    };
  }
}
