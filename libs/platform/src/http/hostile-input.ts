import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorBody, ErrorDetail } from '../errors/api-error';
import { BODY_FIELD } from '../validation/validation-details';

/** Deeper JSON than this is refused before any validator recurses into it (no API nests past ~5). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

export const UNSAFE_TEXT_PROBLEM = 'must not contain NUL bytes or lone surrogates';

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when PostgreSQL could not store the text (NUL) or it is not valid Unicode (lone surrogate). */
export function isUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/** A field path that is safe to echo in an error body (the bad characters shown escaped). */
function printable(segment: string): string {
  return segment.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what gets escaped
    /[\u0000-\u001f\ud800-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Every string (value or key) in a parsed input that PostgreSQL or a client could not handle, and
 * whether it nests deeper than maxDepth, as one detail per field. Iterative: a 10,000-level body
 * must not exhaust the stack here either.
 */
export function findHostileInput(
  value: unknown,
  { root = '', maxDepth = DEFAULT_MAX_JSON_DEPTH } = {},
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (isUnsafeText(current))
        details.push({ field: path || BODY_FIELD, problem: UNSAFE_TEXT_PROBLEM });
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth >= maxDepth) {
      details.push({
        field: path || BODY_FIELD,
        problem: `must not nest deeper than ${maxDepth} levels`,
      });
      continue;
    }
    const entries = Array.isArray(current)
      ? current.map((item, index): [string, unknown] => [String(index), item])
      : Object.entries(current as Record<string, unknown>);
    for (const [key, child] of entries.reverse()) {
      const childPath = path ? `${path}.${printable(key)}` : printable(key);
      if (isUnsafeText(key))
        details.push({ field: childPath, problem: `field name ${UNSAFE_TEXT_PROBLEM}` });
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return details;
}

const PER_ITEM_INPUT = 'aidflowPerItemInput';

/**
 * The body field holds items answered one by one (an offline batch): the route checks their text
 * itself, per item (findHostileInput), so one bad item never refuses the others. Depth still counts.
 */
export const PerItemInput = (field: string): MethodDecorator =>
  RouteConfig({ [PER_ITEM_INPUT]: field });

/** The checks every request's parsed input passes, whatever its route: one place, every service. */
export function hostileInputDetails(
  request: Pick<FastifyRequest, 'body' | 'query' | 'params' | 'headers'>,
  maxDepth = DEFAULT_MAX_JSON_DEPTH,
  perItemField?: string,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const body: unknown = request.body;
  const isJson = String(request.headers['content-type'] ?? '').includes('json');
  // Every JSON body of the contract is an object; an array or a bare value is never a valid one.
  if (
    isJson &&
    body !== undefined &&
    (body === null || typeof body !== 'object' || Array.isArray(body))
  )
    details.push({ field: BODY_FIELD, problem: 'must be a JSON object' });
  const itemPrefix = perItemField ? `${perItemField}.` : undefined;
  details.push(
    ...findHostileInput(body, { maxDepth }).filter(
      (d) =>
        !(itemPrefix && d.field.startsWith(itemPrefix) && d.problem.endsWith(UNSAFE_TEXT_PROBLEM)),
    ),
  );
  details.push(...findHostileInput(request.params, { maxDepth }));
  details.push(...findHostileInput(request.query, { maxDepth }));
  return details;
}

/** Refuses hostile input with 400 before validation, so no route, DTO or query ever sees it. */
export function registerHostileInputGuard(
  fastify: FastifyInstance,
  maxDepth = DEFAULT_MAX_JSON_DEPTH,
): void {
  fastify.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done) => {
    const config = request.routeOptions.config as { [PER_ITEM_INPUT]?: unknown };
    const perItem = config[PER_ITEM_INPUT];
    const details = hostileInputDetails(
      request,
      maxDepth,
      typeof perItem === 'string' ? perItem : undefined,
    );
    if (details.length === 0) return done();
    const fields = [...new Set(details.map((d) => d.field))];
    void reply
      .code(400)
      .header('content-type', 'application/json; charset=utf-8')
      .send(apiErrorBody(400, `invalid request: ${fields.join(', ')}`, details));
  });
}
