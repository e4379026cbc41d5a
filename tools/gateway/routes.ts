// Which service answers which public path (CONTRACT.md): one origin in front of the four services.
import { docsTarget, DocsTarget, DOCS_PATH } from './api-docs';

export const SERVICE_KEYS = ['intake', 'funds', 'visits', 'ops'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

/** The app folder (and service name) behind each key. */
export const SERVICE_APPS: Record<ServiceKey, string> = {
  intake: 'incident-intake',
  funds: 'fund-allocation',
  visits: 'welfare-visit',
  ops: 'ops-monitor',
};

/**
 * `/api/...` prefixes owned by each service; a prefix matches itself and everything below it, and
 * the longest match wins (`/api/exports/visits` is welfare-visit's, the other exports funds').
 */
export const API_PREFIXES: Record<ServiceKey, readonly string[]> = {
  intake: [
    '/api/orgs',
    '/api/incidents',
    '/api/sites',
    '/api/beneficiaries',
    '/api/households',
    '/api/monitoring',
    '/api/grievances',
    '/api/exports/beneficiaries',
  ],
  funds: [
    '/api/funds',
    '/api/allocations',
    '/api/disbursements',
    '/api/stock',
    '/api/advances',
    '/api/verifications',
    '/api/exports',
    '/api/reports',
  ],
  visits: ['/api/teams', '/api/visits', '/api/follow-ups', '/api/exports/visits'],
  ops: ['/api/ops'],
};

export const METRICS_PATH = '/metrics';

/** Every service has its own audit trail; the caller names which one with `?service=`. */
export const AUDIT_PATH = '/api/audit';
export const AUDIT_SERVICE_PARAM = 'service';

/** Paths of the sign-in (the identity provider and the console's client settings), never the SPA's. */
export const AUTH_CONFIG_PATH = '/auth/config';
export const OIDC_PATH = '/oidc';
export const AUTH_PATHS = [AUTH_CONFIG_PATH, OIDC_PATH] as const;

export type Route =
  | { kind: 'proxy'; service: ServiceKey; path: string }
  | { kind: 'docs'; target: DocsTarget }
  | { kind: 'health' }
  | { kind: 'console'; pathname: string }
  | { kind: 'auth-config' }
  | { kind: 'identity'; path: string }
  | { kind: 'error'; statusCode: 400 | 404; message: string; field?: string; problem?: string };

function isServiceKey(value: string | null): value is ServiceKey {
  return value !== null && (SERVICE_KEYS as readonly string[]).includes(value);
}

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * Decides where a request goes. `url` is the request target as received (`/api/funds/1?x=y`);
 * the returned path is what the upstream receives (the audit route drops its `service` parameter,
 * which the services' strict query validation would reject).
 */
export function routeRequest(url: string): Route {
  const parsed = new URL(url, 'http://gateway.invalid');
  const { pathname } = parsed;
  if (pathname === '/health') return { kind: 'health' };
  if (under(pathname, AUDIT_PATH)) {
    const service = parsed.searchParams.get(AUDIT_SERVICE_PARAM);
    if (!isServiceKey(service)) {
      return {
        kind: 'error',
        statusCode: 400,
        message: `invalid request: ${AUDIT_SERVICE_PARAM}`,
        field: AUDIT_SERVICE_PARAM,
        problem: `${AUDIT_SERVICE_PARAM} must be one of ${SERVICE_KEYS.join(', ')}`,
      };
    }
    parsed.searchParams.delete(AUDIT_SERVICE_PARAM);
    return { kind: 'proxy', service, path: `${pathname}${parsed.search}` };
  }
  const path = `${pathname}${parsed.search}`;
  // Prometheus scrapes each service on its own port; the public origin never shows the metrics.
  if (under(pathname, METRICS_PATH))
    return { kind: 'error', statusCode: 404, message: `no page at ${METRICS_PATH}` };
  if (under(pathname, DOCS_PATH)) {
    const target = docsTarget(pathname);
    return target
      ? { kind: 'docs', target }
      : { kind: 'error', statusCode: 404, message: `no page at ${pathname}` };
  }
  if (under(pathname, '/api')) {
    let best: { service: ServiceKey; length: number } | undefined;
    for (const service of SERVICE_KEYS) {
      for (const prefix of API_PREFIXES[service]) {
        if (under(pathname, prefix) && prefix.length > (best?.length ?? 0))
          best = { service, length: prefix.length };
      }
    }
    if (best) return { kind: 'proxy', service: best.service, path };
    return { kind: 'error', statusCode: 404, message: `no API at ${pathname}` };
  }
  if (pathname === AUTH_CONFIG_PATH) return { kind: 'auth-config' };
  // The embedded provider sees the path as the browser sent it: its issuer is <origin>/oidc.
  if (under(pathname, OIDC_PATH)) return { kind: 'identity', path };
  if (AUTH_PATHS.some((prefix) => under(pathname, prefix)))
    return { kind: 'error', statusCode: 404, message: `no page at ${pathname}` };
  // The console (its files, and its own page paths answered with index.html).
  return { kind: 'console', pathname };
}
