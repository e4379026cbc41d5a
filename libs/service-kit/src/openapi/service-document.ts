import { ALLOWS_QUERY_TOKEN, IS_PUBLIC, REQUIRED_ROLES } from '@aidflow/auth';
import {
  API_ERROR_SCHEMA,
  API_ROUTE,
  ApiRouteMetadata,
  DEFAULT_ERROR_TEXT,
  describeValidatedClass,
  INTERNAL_PATHS,
  UuidParamPipe,
} from '@aidflow/platform';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { INestApplicationContext, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const BEARER_SCHEME = 'bearer';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Marks a success response whose JSON schema the build step fills from the handler's return type. */
export const RESPONSE_FROM_RETURN_TYPE = 'x-aidflow-returns';

interface Handler {
  controller: Type<unknown>;
  method: string;
  fn: (...args: unknown[]) => unknown;
}

/** Every route handler of the app's controllers, by swagger's operation id (`Controller_method`). */
function handlersOf(app: INestApplicationContext): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const fn = prototype[method];
        if (method === 'constructor' || typeof fn !== 'function') continue;
        handlers.set(`${controller.name}_${method}`, {
          controller,
          method,
          fn: fn as Handler['fn'],
        });
      }
    }
  }
  return handlers;
}

function metadata<T>(key: string, handler: Handler): T | undefined {
  return (Reflect.getMetadata(key, handler.fn) ?? Reflect.getMetadata(key, handler.controller)) as
    T | undefined;
}

/** Derives @ApiProperty metadata for every DTO class a handler takes (body, query, params). */
function describeParameterTypes(handlers: Iterable<Handler>): void {
  for (const handler of handlers) {
    const types = (Reflect.getMetadata(
      'design:paramtypes',
      handler.controller.prototype as object,
      handler.method,
    ) ?? []) as unknown[];
    const route = metadata<ApiRouteMetadata>(API_ROUTE, handler);
    if (typeof route?.body === 'function') types.push(route.body);
    for (const type of types) {
      if (typeof type === 'function' && /^class\s/.test(String(type)))
        describeValidatedClass(type as Type<unknown>);
    }
  }
}

/** Path parameters a handler reads through UuidParamPipe (documented as uuid). */
function uuidParams(handler: Handler): string[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.method) ??
    {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
  return Object.entries(args)
    .filter(([key]) => key.startsWith(`${RouteParamtypes.PARAM}:`))
    .filter(([, arg]) =>
      (arg.pipes ?? []).some((pipe) => pipe === UuidParamPipe || pipe instanceof UuidParamPipe),
    )
    .map(([, arg]) => String(arg.data));
}

const errorResponse = (description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${API_ERROR_SCHEMA}` } } },
});

const ERROR_SCHEMAS: Record<string, SchemaObject> = {
  ErrorDetail: {
    type: 'object',
    properties: {
      field: {
        type: 'string',
        description: 'dotted path of the bad input, e.g. `beneficiaries.0.cash.amountFen`',
      },
      problem: { type: 'string' },
    },
    required: ['field', 'problem'],
  },
  [API_ERROR_SCHEMA]: {
    type: 'object',
    description: 'The one error body of every endpoint (CONTRACT.md, Conventions).',
    properties: {
      statusCode: { type: 'integer' },
      error: { type: 'string' },
      message: { type: 'string' },
      details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } },
      existingId: { type: 'string', description: 'on a 409 for a duplicate: the id that exists' },
    },
    required: ['statusCode', 'error', 'message'],
  },
};

function isTextType(type: string): boolean {
  return type.startsWith('text/');
}

/** Everything @ApiRoute leaves to derivation: headers, security, roles, errors, success body. */
function completeOperation(operation: OperationObject, handler: Handler | undefined): void {
  const route = handler && metadata<ApiRouteMetadata>(API_ROUTE, handler);
  const isPublic = handler ? metadata<boolean>(IS_PUBLIC, handler) === true : false;
  const roles = handler ? metadata<string[]>(REQUIRED_ROLES, handler) : undefined;
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  for (const parameter of parameters) {
    // Nest's @Headers() never requires a header; swagger's scan says it does.
    if (parameter.in === 'header') parameter.required = false;
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key') {
      parameter.name = IDEMPOTENCY_HEADER;
      parameter.required = false;
      parameter.description =
        'Repeating the request with the same key returns the first result and changes nothing; the same key with a different request → 422.';
      parameter.schema = { type: 'string', maxLength: 200 };
    }
  }
  for (const name of handler ? uuidParams(handler) : []) {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    if (parameter) parameter.schema = { type: 'string', format: 'uuid' };
  }
  const hasQueryToken = parameters.some((p) => p.in === 'query' && p.name === 'access_token');
  if (handler && metadata<boolean>(ALLOWS_QUERY_TOKEN, handler) && !hasQueryToken) {
    parameters.push({
      name: 'access_token',
      in: 'query',
      required: false,
      description: 'The bearer token, for clients that cannot send headers (EventSource).',
      schema: { type: 'string' },
    });
  }
  operation.parameters = parameters;
  if (!isPublic) operation.security = [{ [BEARER_SCHEME]: [] }];
  if (roles && roles.length > 0) {
    const line = `Roles: ${roles.join(', ')}.`;
    operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
  }

  const responses = operation.responses;
  const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
  for (const status of success) {
    const response = responses[status] as ResponseObject;
    if (route?.produces) {
      response.description ||= route.produces.join(', ');
      response.content = Object.fromEntries(
        route.produces.map((type) => [
          type,
          { schema: isTextType(type) ? { type: 'string' } : { type: 'string', format: 'binary' } },
        ]),
      );
    } else if (!response.content && status !== '204') {
      response.description ||= 'OK';
      (response as ResponseObject & Record<string, unknown>)[RESPONSE_FROM_RETURN_TYPE] = true;
    }
    response.description ||= 'OK';
  }
  for (const [status, text] of Object.entries(route?.alsoSucceeds ?? {})) {
    if (!responses[status]) {
      const first = success[0] ? (responses[success[0]] as ResponseObject) : undefined;
      responses[status] = { ...first, description: text };
    }
  }
  responses['400'] ??= errorResponse(
    'malformed or invalid input: every bad field named in `details`',
  );
  if (!isPublic) responses['401'] ??= errorResponse('no token, or an invalid or expired one');
  if (roles && roles.length > 0) responses['403'] ??= errorResponse(DEFAULT_ERROR_TEXT[403]);
  for (const [status, text] of Object.entries(route?.errors ?? {})) {
    responses[status] = errorResponse(text || DEFAULT_ERROR_TEXT[Number(status) as 403]);
  }
  responses['429'] ??= {
    ...errorResponse('rate limited: wait the number of seconds in `Retry-After`'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  };
}

export interface ServiceDocumentOptions {
  serviceName: string;
  version?: string;
}

/**
 * The service's OpenAPI document from its controllers and DTOs: @nestjs/swagger's scan, request
 * schemas from the class-validator rules, then what every route shares (bearer security, the
 * error body, Idempotency-Key, rate limits). Internal routes (/health, /metrics) are left out.
 */
export function buildServiceDocument(
  app: INestApplicationContext & Parameters<typeof SwaggerModule.createDocument>[0],
  options: ServiceDocumentOptions,
): OpenAPIObject {
  const handlers = handlersOf(app);
  describeParameterTypes(handlers.values());
  const config = new DocumentBuilder()
    .setTitle(options.serviceName)
    .setVersion(options.version ?? '1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const path of Object.keys(document.paths)) {
    if (INTERNAL_PATHS.some((internal) => path === internal)) {
      delete document.paths[path];
      continue;
    }
    for (const operation of Object.values(document.paths[path] ?? {}) as OperationObject[]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      completeOperation(operation, handlers.get(operation.operationId ?? ''));
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...ERROR_SCHEMAS },
  };
  return document;
}
