// A client under faults: a call whose answer was lost (connection reset, 502/503 while a replica
// restarts) or that another service has not caught up with yet (404/422) is sent again, with the
// same idempotency key or id, until it answers or the deadline passes.
import { ApiError } from '@aidflow/api-client';

const DEADLINE_MS = 240_000;

export interface Tally {
  calls: number;
  retries: number;
}

export const tally: Tally = { calls: 0, retries: 0 };

/** Answers meaning "this service has not caught up yet" (the org tree: 403; objects: 404/422). */
export const NOT_YET = [404, 422];
export const SCOPE_NOT_YET = [403, 404, 422];

function retriable(error: unknown, notYet: readonly number[]): boolean {
  if (!(error instanceof ApiError)) return true; // fetch failed: no answer at all
  if (error.status >= 500 || error.status === 429 || error.status === 408) return true;
  return notYet.includes(error.status);
}

export async function persist<T>(
  what: string,
  attempt: () => Promise<T>,
  notYet: readonly number[] = NOT_YET,
): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  tally.calls += 1;
  for (let wait = 200; ; wait = Math.min(wait * 2, 3000)) {
    try {
      return await attempt();
    } catch (error) {
      if (!retriable(error, notYet) || Date.now() > deadline)
        throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      tally.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
