import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError, errorBodyOf } from './api-error';
import type { paths } from './generated/openapi';

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** The origin, e.g. `http://localhost:3000` (the browser: `''` for the page's own). */
  baseUrl: string;
  /** The bearer token for each request; asked per request so a renewed token is used at once. */
  token?: () => string | undefined | Promise<string | undefined>;
  /** How many times one request waits out a 429 (`Retry-After`) and is sent again; default 0. */
  retryOn429?: number;
  /** A 429 asking for a longer wait (seconds) is not waited out but thrown; default 120. */
  maxRetryAfterSeconds?: number;
  /** Told before each wait for a 429 (e.g. to say so once per user). */
  onRetry?: (seconds: number, request: Request) => void;
  /** Headers for every request (e.g. `Accept-Language`). */
  headers?: () => Record<string, string>;
  /** Called with every non-2xx answer before it is thrown (the console signs out on a 401). */
  onError?: (error: ApiError, response: Response) => void | Promise<void>;
  fetch?: typeof fetch;
  /** Waits the given milliseconds (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

/** `Idempotency-Key` for `params.header` of a route that documents it: a retry of one intent creates nothing twice. */
export function idempotencyKey(key: string = crypto.randomUUID()): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}

/** Seconds a 429 asks to wait (`Retry-After` as seconds or an HTTP date), at least 1. */
export function retryAfterSeconds(response: Response, now = Date.now()): number {
  const header = response.headers.get('retry-after') ?? '';
  const seconds = Number(header);
  if (header !== '' && Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(1, Math.ceil((date - now) / 1000));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The typed client (openapi-fetch over the generated `paths`): every call sends the bearer token,
 * waits out 429s as told when asked to, and throws an ApiError for any non-2xx answer, so
 * `data` of a returned call is always the documented success body (see `ok`).
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retryOn429 ?? 0;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const originals = new Map<string, Request>();
  const middleware: Middleware = {
    async onRequest({ request, id }) {
      const token = await options.token?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      for (const [name, value] of Object.entries(options.headers?.() ?? {}))
        request.headers.set(name, value);
      if (retries > 0) originals.set(id, request.clone());
      return request;
    },
    async onResponse({ request, response, id, schemaPath }) {
      const original = originals.get(id);
      originals.delete(id);
      let answer = response;
      for (let attempt = 0; answer.status === 429 && original && attempt < retries; attempt += 1) {
        const seconds = retryAfterSeconds(answer);
        if (seconds > maxWait) break;
        options.onRetry?.(seconds, original);
        await sleep(seconds * 1000);
        await answer.body?.cancel();
        answer = await fetcher(original.clone());
      }
      if (answer.ok) return answer;
      const error = new ApiError(
        answer.status,
        await errorBodyOf(answer),
        `${request.method} ${schemaPath}`,
        `${request.method} ${new URL(request.url).pathname}`,
      );
      await options.onError?.(error, answer);
      throw error;
    },
    onError({ id }) {
      originals.delete(id);
    },
  };
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetcher });
  client.use(middleware);
  return client;
}

/** The success body of a call (the client throws for anything else). */
export async function ok<R extends { data?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<NonNullable<R['data']>> {
  const { data } = await call;
  return data as NonNullable<R['data']>;
}
