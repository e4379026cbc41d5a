// The gateway's settings from the environment (docker-compose is checked against GATEWAY_VARIABLES).
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

export const GATEWAY_VARIABLES = ['PORT', ...Object.values(UPSTREAM_VARIABLES)] as const;

export interface GatewayConfig {
  port: number;
  upstreams: Record<ServiceKey, string>;
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
    const value = env[name] || `http://127.0.0.1:${DEFAULT_SERVICE_PORTS[key]}`;
    if (!/^http:\/\/[^/]+\/?$/.test(value))
      problems.push(
        `${name}: must be http://host:port (services are reached over plain HTTP inside the network)`,
      );
    upstreams[key] = value;
  }
  if (problems.length > 0) throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return { port, upstreams };
}
