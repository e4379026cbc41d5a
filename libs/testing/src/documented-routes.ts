import { INTERNAL_PATHS, registeredRoutes } from '@aidflow/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The public document `npm run openapi` writes and the gateway serves. */
export const OPENAPI_DOCUMENT_PATH = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');
const SERVICES_EXTENSION = 'x-aidflow-services';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  summary?: string;
  responses?: Record<string, unknown>;
  [SERVICES_EXTENSION]?: string[];
}

export interface RouteCoverage {
  /** Routes the router holds that the document lacks (or documents without @ApiRoute). */
  undocumented: string[];
  /** Operations the document names for this service that its router does not hold. */
  missing: string[];
}

/** Compares the service's real router (after init) with docs/openapi.json. */
export function routeCoverage(app: NestFastifyApplication, serviceName: string): RouteCoverage {
  const document = JSON.parse(readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const documented = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method) || !operation[SERVICES_EXTENSION]?.includes(serviceName))
        continue;
      // A route counts as documented only with its @ApiRoute summary.
      if (!operation.summary) continue;
      documented.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
  }
  const internal = new Set<string>(INTERNAL_PATHS);
  const routed = registeredRoutes(app.getHttpAdapter().getInstance()).filter(
    (route) => !internal.has(route.slice(route.indexOf(' ') + 1)),
  );
  return {
    undocumented: routed.filter((route) => !documented.has(route)),
    missing: [...documented].filter((route) => !routed.includes(route)).sort(),
  };
}
