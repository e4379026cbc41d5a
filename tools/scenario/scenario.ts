// What every step of a scenario shares: the users (each with their own token and typed client),
// progress lines, and the helpers for a system that converges through events.
import { ApiClient, ApiError, createApiClient } from '@aidflow/api-client';
import { signDevToken } from '@aidflow/auth';

export type Role = 'field' | 'finance' | 'approver' | 'ops' | 'admin';

export interface User {
  name: string;
  /** The typed client with this user's token: a contract change breaks the scenario's typecheck. */
  api: ApiClient;
}

export interface Scenario {
  baseUrl: string;
  /** A number unique to this replay (codes and idempotency keys). */
  run: number;
  progress(message: string): void;
  user(sub: string, name: string, roles: Role[], orgCode: string): Promise<User>;
}

export function createScenario(baseUrl: string, secret: string): Scenario {
  const started = Date.now();
  const progress = (message: string): void => {
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  };
  const waitingSince = new Map<string, number>();
  /** One line per user and wait, however many of its parallel calls were refused. */
  const rateLimited = (name: string, seconds: number): void => {
    const last = waitingSince.get(name) ?? 0;
    if (Date.now() - last < seconds * 1000) return;
    waitingSince.set(name, Date.now());
    progress(`${name}: write budget used up (429), waiting ${seconds} s as Retry-After says`);
  };
  return {
    baseUrl,
    run: Math.floor(Math.random() * 42_000),
    progress,
    async user(sub, name, roles, orgCode) {
      const token = await signDevToken({ sub, name, roles, orgCode }, secret, '12h');
      // A bulk load by one user meets the per-user write budget: wait as told, like a real client.
      const api = createApiClient({
        baseUrl,
        token: () => token,
        retryOn429: 3,
        maxRetryAfterSeconds: 120,
        onRetry: (seconds) => rateLimited(name, seconds),
      });
      return { name, api };
    },
  };
}

/** Another service learns of a new object through events a moment later: retry while it says 404/422. */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T>,
  timeoutMs = 60000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await attempt();
    } catch (error) {
      const retriable = error instanceof ApiError && (error.status === 404 || error.status === 422);
      if (!retriable) throw error;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: still refused after ${timeoutMs / 1000} s: ${(error as Error).message}`,
        );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
