import type { FastifyInstance } from 'fastify';

/** Routes for operators (health checks, Prometheus), on each service's own port only: not in the public document. */
export const INTERNAL_PATHS = ['/health', '/metrics'] as const;

const registries = new WeakMap<object, Set<string>>();

/** Records every route Fastify registers (`METHOD /path/:param`), so tests compare the router with the document. */
export function registerRouteRegistry(fastify: FastifyInstance): void {
  const routes = new Set<string>();
  registries.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds HEAD for every GET itself; Nest's OPTIONS/ALL are not API routes.
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.add(`${method} ${route.url}`);
    }
  });
}

/** `METHOD /path/:param` of every route the app's router holds (after init), sorted. */
export function registeredRoutes(fastify: FastifyInstance): string[] {
  const routes = registries.get(fastify);
  if (!routes) throw new Error('registeredRoutes: the app was not made by createServiceApp');
  return [...routes].sort();
}
