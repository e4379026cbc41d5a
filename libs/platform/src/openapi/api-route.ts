import { applyDecorators, SetMetadata, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';

/** Error statuses a route declares; 400, 401 (unless public) and 429 are added to every route. */
export type DeclaredErrorStatus = 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503;

export const API_ROUTE = 'aidflow:openapi:route';
/** The component every error response names (CONTRACT.md, Conventions). */
export const API_ERROR_SCHEMA = 'ApiError';

export interface ApiRouteOptions {
  /** One line: what the route does, as a user would say it. */
  summary: string;
  description?: string;
  /** The errors this route answers beyond 400/401/429, each with why where it helps. */
  errors?: Partial<Record<DeclaredErrorStatus, string>>;
  /**
   * A success body that is not JSON (a CSV, a PDF, image bytes, an event stream): its content
   * types, documented as a binary/text body instead of the handler's return type.
   */
  produces?: string[];
  /** Other success statuses (e.g. 200 beside the default 201 for "already stored"). */
  alsoSucceeds?: Partial<Record<200 | 201 | 204, string>>;
  /**
   * The request body when the handler's parameter type does not say it: a validated DTO class
   * (a handler that validates `unknown` itself), or raw bytes of the given content types.
   */
  body?: Type<unknown> | { binary: string[] };
}

export interface ApiRouteMetadata extends ApiRouteOptions {
  errors: Partial<Record<DeclaredErrorStatus, string>>;
}

export const DEFAULT_ERROR_TEXT: Record<DeclaredErrorStatus, string> = {
  403: 'the caller’s role or scope forbids it',
  404: 'no such object in the caller’s scope',
  409: 'conflicts with the current state, or a duplicate',
  413: 'the body is too large',
  415: 'unsupported content type',
  422: 'a business rule refuses it',
  502: 'an upstream service is unavailable',
  503: 'not ready',
};

/**
 * Documents one route: summary, declared errors (the contract's error body), non-JSON success
 * bodies. The request (params, query, body, `Idempotency-Key`), the success schema, security and
 * roles are derived when the document is built (`buildServiceDocument`). Every route needs one:
 * the coverage test refuses a route without it.
 */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  const metadata: ApiRouteMetadata = { ...options, errors: options.errors ?? {} };
  const decorators = [
    SetMetadata(API_ROUTE, metadata),
    ApiOperation({ summary: options.summary, description: options.description }),
  ];
  const { body } = options;
  if (typeof body === 'function') decorators.push(ApiBody({ type: body }));
  else if (body) {
    decorators.push(
      ApiConsumes(...body.binary),
      ApiBody({ schema: { type: 'string', format: 'binary' } }),
    );
  }
  return applyDecorators(...decorators);
}
