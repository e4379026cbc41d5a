// The field app's calls. Distinguishes "no network" (retry later), "signed out" (sign in again,
// nothing dropped) and a server answer, which the sync engine treats differently.
import { getSession } from '../auth/session';

export type FieldResponse<T> =
  | { kind: 'ok'; status: number; body: T }
  | {
      kind: 'http';
      status: number;
      body: { message?: string; details?: { field: string; problem: string }[] };
    }
  | { kind: 'signed-out' }
  | { kind: 'offline' };

export async function fieldCall<T>(
  method: string,
  path: string,
  body?: { json: unknown } | { blob: Blob; contentType: string },
  extraHeaders: Record<string, string> = {},
): Promise<FieldResponse<T>> {
  const session = getSession();
  if (!session || session.expiresAt <= Date.now()) return { kind: 'signed-out' };
  const headers: Record<string, string> = {
    ...extraHeaders,
    authorization: `Bearer ${session.accessToken}`,
    accept: 'application/json',
    'accept-language': document.documentElement.lang || 'zh-CN',
  };
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.blob;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 401) return { kind: 'signed-out' };
  const text = await response.text().catch(() => '');
  let parsed: { message?: string; details?: { field: string; problem: string }[] } | undefined =
    undefined;
  try {
    parsed = text ? (JSON.parse(text) as typeof parsed) : undefined;
  } catch {
    parsed = { message: text };
  }
  // A proxy or a restarting service: not the server's verdict on the data, so retry later.
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    return { kind: 'offline' };
  if (!response.ok) return { kind: 'http', status: response.status, body: parsed ?? {} };
  return { kind: 'ok', status: response.status, body: parsed as T };
}

/** Every page of a paginated list (`{items, nextCursor}`), 200 at a time. */
export async function fieldPages<T>(
  path: string,
  onPage?: (count: number) => void,
): Promise<{ kind: 'ok'; items: T[] } | Exclude<FieldResponse<unknown>, { kind: 'ok' }>> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: FieldResponse<{ items: T[]; nextCursor: string | null }> = await fieldCall(
      'GET',
      url,
    );
    if (res.kind !== 'ok') return res;
    items.push(...res.body.items);
    onPage?.(items.length);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { kind: 'ok', items };
}
