// The console's one door to the API: every call goes through here (bearer token, JSON, the
// contract's error shape, Idempotency-Key on writes). When the generated client lib lands, this
// module is the only one that changes.
import { getSession, renew, setSession } from '../auth/session';
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || `HTTP ${status}`);
  }
}

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

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const session = getSession();
  const headers: Record<string, string> = {
    accept: options.accept ?? 'application/json',
    'accept-language': document.documentElement.lang || 'zh-CN',
  };
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return fetch(withQuery(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    cache: 'no-store',
  });
}

async function errorBody(response: Response): Promise<ApiErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    return {
      statusCode: parsed.statusCode ?? response.status,
      error: parsed.error ?? response.statusText,
      message: typeof parsed.message === 'string' ? parsed.message : response.statusText,
      ...(Array.isArray(parsed.details) ? { details: parsed.details } : {}),
    };
  } catch {
    return {
      statusCode: response.status,
      error: response.statusText,
      message: text || response.statusText,
    };
  }
}

/** One request; a 401 renews the session once and retries, then signs the tab out. */
export async function request(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  let response = await send(method, path, options);
  if (response.status === 401 && getSession()?.refreshToken && (await renew())) {
    response = await send(method, path, options);
  }
  if (response.status === 401) setSession(undefined);
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
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

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    call<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T> =>
    call<T>('POST', path, { body: body ?? {}, idempotencyKey }),
  /** A file the server renders (CSV, XLSX): fetched with the token, saved by the browser. */
  async download(path: string, filename: string, query?: Query): Promise<void> {
    const response = await request('GET', path, { query, accept: '*/*' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
