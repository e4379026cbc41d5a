// Merges the four services' documents into the one public document the gateway serves.
import { isDeepStrictEqual } from 'node:util';
import {
  AUDIT_PATH,
  AUDIT_SERVICE_PARAM,
  routeRequest,
  SERVICE_APPS,
  SERVICE_KEYS,
  ServiceKey,
} from '../gateway/routes';
import type { JsonSchema, ReturnTypeSchemas } from './return-types';

export const RESPONSE_FROM_RETURN_TYPE = 'x-aidflow-returns';
/** Which services implement an operation (several only for the per-service audit trail). */
export const SERVICES_EXTENSION = 'x-aidflow-services';

type Json = Record<string, unknown>;
export interface OpenApiDocument extends Json {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Json };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const REF = '#/components/schemas/';

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
      const name = v.slice(REF.length);
      out[key] = `${REF}${renames.get(name) ?? name}`;
    } else out[key] = rewriteRefs(v, renames);
  }
  return out;
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** Adds a source's schemas to the merged ones; a name taken by a different schema gets `prefix`. */
function addSchemas(
  target: Record<string, JsonSchema>,
  source: Record<string, JsonSchema>,
  prefix: string,
): Map<string, string> {
  const renames = new Map<string, string>();
  for (const name of Object.keys(source)) {
    const existing = target[name];
    if (existing && !isDeepStrictEqual(existing, source[name]))
      renames.set(name, `${prefix}${name}`);
  }
  for (const [name, schema] of Object.entries(source)) {
    const finalName = renames.get(name) ?? name;
    const rewritten = rewriteRefs(schema, renames) as JsonSchema;
    if (!target[finalName]) target[finalName] = rewritten;
  }
  return renames;
}

/** A validated request class and the view of the same class agree when they name the same fields. */
function sameShape(a: JsonSchema, b: JsonSchema): boolean {
  const keys = (s: JsonSchema) => Object.keys((s.properties as Json | undefined) ?? {}).sort();
  const required = (s: JsonSchema) => [...((s.required as string[] | undefined) ?? [])].sort();
  return isDeepStrictEqual(keys(a), keys(b)) && isDeepStrictEqual(required(a), required(b));
}

function refsIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(REF))
        found.add(v.slice(REF.length));
      else refsIn(v, found);
    }
  }
}

/** Drops schemas no public operation reaches (e.g. the views of the internal /health). */
function pruneUnreferenced(schemas: Record<string, JsonSchema>, paths: unknown): void {
  const reached = new Set<string>();
  refsIn(paths, reached);
  for (let queue = [...reached]; queue.length > 0;) {
    const next = new Set<string>();
    for (const name of queue) refsIn(schemas[name], next);
    queue = [...next].filter((name) => !reached.has(name));
    queue.forEach((name) => reached.add(name));
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

function samplePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
}

export function mergeDocuments(
  services: Record<ServiceKey, OpenApiDocument>,
  returns: ReturnTypeSchemas,
): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, Json>> = {};
  let securitySchemes: Json | undefined;
  for (const key of SERVICE_KEYS) {
    const service = services[key];
    securitySchemes ??= service.components.securitySchemes;
    const renames = addSchemas(schemas, service.components.schemas ?? {}, pascal(key));
    const document = rewriteRefs(service, renames) as OpenApiDocument;
    for (const [path, item] of Object.entries(document.paths)) {
      const audit = path === AUDIT_PATH;
      const route = routeRequest(
        audit ? `${path}?${AUDIT_SERVICE_PARAM}=${key}` : samplePath(path),
      );
      if (route.kind !== 'proxy' || route.service !== key)
        throw new Error(
          `${SERVICE_APPS[key]} serves ${path}, but the gateway does not route it there`,
        );
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const merged = (paths[path] ??= {});
        const existing = merged[method];
        if (existing && !audit)
          throw new Error(`${method.toUpperCase()} ${path} is served by two services`);
        if (existing) {
          (existing[SERVICES_EXTENSION] as string[]).push(SERVICE_APPS[key]);
          continue;
        }
        const op: Json = { ...operation, [SERVICES_EXTENSION]: [SERVICE_APPS[key]] };
        if (audit) {
          op.parameters = [
            {
              name: AUDIT_SERVICE_PARAM,
              in: 'query',
              required: true,
              description: 'whose audit trail: each service keeps its own',
              schema: { type: 'string', enum: [...SERVICE_KEYS] },
            },
            ...((op.parameters as Json[] | undefined) ?? []),
          ];
        }
        merged[method] = op;
      }
    }
  }
  // Response views come from one TypeScript program (names unique among them); a view named like
  // a different request schema is kept as <Name>View.
  const viewRenames = new Map<string, string>();
  for (const [name, schema] of Object.entries(returns.components)) {
    const existing = schemas[name];
    if (existing && !sameShape(existing, schema)) viewRenames.set(name, `${name}View`);
  }
  for (const [name, schema] of Object.entries(returns.components)) {
    const finalName = viewRenames.get(name) ?? name;
    if (schemas[finalName] && !viewRenames.has(name)) continue;
    if (schemas[finalName]) throw new Error(`schema name ${finalName} is taken twice`);
    schemas[finalName] = rewriteRefs(schema, viewRenames) as JsonSchema;
  }
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const responses = operation.responses as Record<string, Json>;
      for (const response of Object.values(responses)) {
        if (!response[RESPONSE_FROM_RETURN_TYPE]) continue;
        delete response[RESPONSE_FROM_RETURN_TYPE];
        const schema = returns.operations[String(operation.operationId)];
        if (!schema)
          throw new Error(
            `${method.toUpperCase()} ${path}: the handler's return type says nothing; return a typed view, or declare produces`,
          );
        response.content = { 'application/json': { schema: rewriteRefs(schema, viewRenames) } };
      }
    }
  }
  pruneUnreferenced(schemas, paths);
  const sortedPaths = Object.fromEntries(
    Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)),
  );
  const sortedSchemas = Object.fromEntries(
    Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: '3.0.3',
    info: {
      title: 'AidFlow API',
      version: '1',
      description:
        'Every service of AidFlow behind one origin (CONTRACT.md). Errors: `{statusCode, error, message, details?}`. Generated by `npm run openapi` from the services’ controllers and DTOs.',
    },
    servers: [{ url: '/' }],
    paths: sortedPaths,
    components: { schemas: sortedSchemas, ...(securitySchemes ? { securitySchemes } : {}) },
  };
}
