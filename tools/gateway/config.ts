// The gateway's settings from the environment (docker-compose is checked against GATEWAY_VARIABLES).
import type { GatewayAuth } from './gateway';
import { SERVICE_KEYS, ServiceKey } from './routes';

export const DEFAULT_SERVICE_PORTS: Record<ServiceKey, number> = {
  intake: 3101,
  funds: 3102,
  visits: 3103,
  ops: 3104,
};

/** Environment variable holding each service's base URL. */
export const UPSTREAM_VARIABLES: Record<ServiceKey, string> = {
  intake: 'INTAKE_URL',
  funds: 'FUNDS_URL',
  visits: 'VISITS_URL',
  ops: 'OPS_URL',
};

export const GATEWAY_VARIABLES = [
  'PORT',
  ...Object.values(UPSTREAM_VARIABLES),
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_SCOPES',
  'IDENTITY_URL',
] as const;

export const DEFAULT_CLIENT_ID = 'aidflow-console';
export const DEFAULT_SCOPES = ['openid', 'profile', 'offline_access', 'api'];

export interface GatewayConfig {
  port: number;
  upstreams: Record<ServiceKey, string>;
  auth?: GatewayAuth;
}

export function gatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const problems: string[] = [];
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('PORT: must be 0-65535');
  const upstreams = {} as Record<ServiceKey, string>;
  for (const key of SERVICE_KEYS) {
    const name = UPSTREAM_VARIABLES[key];
    // Several replicas: a comma-separated list, taken in turns.
    const value = env[name] || `http://127.0.0.1:${DEFAULT_SERVICE_PORTS[key]}`;
    if (!value.split(',').every((url) => /^http:\/\/[^/,]+\/?$/.test(url.trim())))
      problems.push(
        `${name}: must be http://host:port[,http://host:port…] (services are reached over plain HTTP inside the network)`,
      );
    upstreams[key] = value;
  }
  // Production: any OpenID provider (OIDC_ISSUER_URL); IDENTITY_URL when the embedded one runs beside.
  let auth: GatewayAuth | undefined;
  const issuer = env.OIDC_ISSUER_URL;
  if (issuer) {
    if (!/^https?:\/\/[^\s]+$/.test(issuer))
      problems.push('OIDC_ISSUER_URL: must be an http(s) URL');
    const identity = env.IDENTITY_URL;
    if (identity && !/^http:\/\/[^/]+\/?$/.test(identity))
      problems.push('IDENTITY_URL: must be http://host:port');
    auth = {
      config: {
        issuer: issuer.replace(/\/$/, ''),
        clientId: env.OIDC_CLIENT_ID || DEFAULT_CLIENT_ID,
        scopes: (env.OIDC_SCOPES || DEFAULT_SCOPES.join(' ')).split(/[\s,]+/).filter(Boolean),
      },
      ...(identity ? { identityUpstream: identity } : {}),
    };
  }
  if (problems.length > 0) throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return { port, upstreams, ...(auth ? { auth } : {}) };
}
