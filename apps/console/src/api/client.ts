// The console's one door to the API: every call goes through here (bearer token, the caller's
// language, the contract's error shape, Idempotency-Key on writes, one renewal on a 401).
// `typed` is the generated client (@aidflow/api-client): paths, parameters and bodies are
// checked against docs/openapi.json, so new code uses it; `api` keeps the string-path calls of
// the older pages and shares its fetch and errors.
import { ApiError, createApiClient, errorBodyOf, type ApiClient } from '@aidflow/api-client';
import { getSession, renew, setSession } from '../auth/session';

export { ApiError, idempotencyKey, ok } from '@aidflow/api-client';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as `Idempotency-Key`: the same key for a retry of the same intent creates nothing twice. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  accept?: string;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function withToken(request: Request): Request {
  const session = getSession();
  const headers = new Headers(request.headers);
  if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
  else headers.delete('authorization');
  // A call may ask for another language (a template in Tibetan while the page is in Chinese).
  if (!headers.has('accept-language'))
    headers.set('accept-language', document.documentElement.lang || 'zh-CN');
  return new Request(request, { headers, cache: 'no-store' });
}

/** Sends one request; a 401 renews the session once and resends, then signs the tab out. */
async function sessionFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  let response = await fetch(withToken(request));
  if (response.status === 401 && getSession()?.refreshToken && (await renew())) {
    response = await fetch(withToken(retry));
  }
  if (response.status === 401) setSession(undefined);
  return response;
}

/** The generated client on this origin with the session's token; throws ApiError for non-2xx. */
export const typed: ApiClient = createApiClient({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (input) => sessionFetch(input as Request),
});

/** One request by string path (older pages); the same fetch and errors as `typed`. */
export async function request(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await sessionFetch(
    new Request(new URL(withQuery(path, options.query), globalThis.location.origin), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    }),
  );
  if (!response.ok)
    throw new ApiError(response.status, await errorBodyOf(response), `${method} ${path}`);
  return response;
}

export async function call<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await request(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Lets the browser save a file the API rendered (CSV, XLSX, PDF). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    call<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T> =>
    call<T>('POST', path, { body: body ?? {}, idempotencyKey }),
  /** A file the server renders (CSV, XLSX): fetched with the token, saved by the browser. */
  async download(path: string, filename: string, query?: Query): Promise<void> {
    const response = await request('GET', path, { query, accept: '*/*' });
    saveBlob(await response.blob(), filename);
  },
};
