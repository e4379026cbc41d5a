import { SignJWT } from 'jose';
import { DEV_JWT_SECRET } from '../auth.settings';
import { Role } from '../roles';

export interface DevTokenClaims {
  sub: string;
  name?: string;
  roles: readonly Role[];
  orgCode: string;
}

export interface DevTokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds from now before which the token is not valid. */
  notBeforeSec?: number;
}

/** `8h`, `30m`, `45s`, `2d`, or a number of seconds (negative yields an already-expired token, for tests). */
export type Ttl = string | number;

export function ttlSeconds(ttl: Ttl): number {
  if (typeof ttl === 'number') {
    if (!Number.isFinite(ttl)) throw new Error('ttl must be a finite number of seconds');
    return Math.trunc(ttl);
  }
  const match = /^(\d+)([smhd])$/.exec(ttl.trim());
  if (!match) throw new Error(`ttl must look like 45s, 30m, 8h or 2d (got ${JSON.stringify(ttl)})`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Signs an HS256 token with the claims CONTRACT.md defines (dev command, tests, scenarios). */
export async function signDevToken(
  claims: DevTokenClaims,
  secret: string = DEV_JWT_SECRET,
  ttl: Ttl = '8h',
  options: DevTokenOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    ...(claims.name !== undefined ? { name: claims.name } : {}),
    roles: [...claims.roles],
    orgCode: claims.orgCode,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds(ttl));
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  if (options.notBeforeSec !== undefined) jwt.setNotBefore(now + options.notBeforeSec);
  return jwt.sign(new TextEncoder().encode(secret));
}
