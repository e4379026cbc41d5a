import { CallerIdentity } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { TokenVerifier } from './token-verifier';

/**
 * Tells the rate limiter whose request it is before any route runs: the subject of a valid
 * token, or undefined (no token, a forged or expired one, one with no known role).
 */
@Injectable()
export class TokenCallerIdentity implements CallerIdentity {
  constructor(private readonly verifier: TokenVerifier) {}

  async subjectOf(request: {
    headers: Record<string, string | string[] | undefined>;
    query?: unknown;
  }): Promise<string | undefined> {
    const token = tokenOf(request);
    if (token === undefined) return undefined;
    try {
      return (await this.verifier.verify(token)).sub;
    } catch {
      return undefined;
    }
  }
}

function tokenOf(request: {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
}): string | undefined {
  const header = request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) return /^Bearer\s+(\S+)\s*$/i.exec(value)?.[1];
  // EventSource cannot send headers: the stream passes its token as ?access_token=.
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}
