// The benchmark talks to the system as a client would: JSON over the gateway with dev tokens.
import { signDevToken, type Role } from '@aidflow/auth';

export interface BenchUser {
  sub: string;
  token: string;
}

export async function benchUser(sub: string, roles: Role[], orgCode = 'QH'): Promise<BenchUser> {
  return { sub, token: await signDevToken({ sub, name: sub, roles, orgCode }, undefined, '4h') };
}

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export async function call<T>(
  base: string,
  as: BenchUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${as.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new HttpFailure(response.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Retries while another service has not yet learnt of the objects: 404/422 until its replica
 * catches up, and 403 while a replica has not yet seen the org tree (with two replicas each
 * replica's consumer applies org.registered on its own partitions' schedule).
 */
export async function soon<T>(attempt: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const retry = error instanceof HttpFailure && [403, 404, 422].includes(error.status);
      if (!retry || Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
