import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { IEntryNestModule, ModuleRef, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { BaseServiceConfig } from '../config/base.config';
import { registerRequestContext } from '../context/request-context.hook';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { CALLER_IDENTITY, CallerIdentity } from '../http/caller-identity';
import { frameworkErrors, MAX_PARAM_LENGTH } from '../http/framework-errors';
import { registerHostileInputGuard } from '../http/hostile-input';
import { registerRateLimits } from '../http/rate-limits';
import { resolveRequestId, REQUEST_ID_HEADER } from '../http/request-id';
import { registerSecurityHeaders } from '../http/security-headers';
import { registerHttpMetrics } from '../metrics/http-metrics';
import { MetricsService } from '../metrics/metrics.service';
import { registerRouteRegistry } from '../openapi/route-registry';
import { createValidationPipe } from '../validation/validation-pipe';

export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface ServiceAppOptions {
  serviceName: string;
  port?: number;
  /** Interface to listen on (default 0.0.0.0: containers are reached from outside). */
  host?: string;
  /** The service's validated config (limits, trusted proxies); the defaults when omitted. */
  config?: BaseServiceConfig;
}

/**
 * Builds a service's Nest app on Fastify with everything but listening: request context and
 * ids, the pino logger (when the module has LoggerModule), HTTP metrics (when it has
 * MetricsModule), security headers, rate limits, the hostile-input guard, the global validation
 * pipe and error filter, shutdown hooks.
 */
export async function createServiceApp(
  module: IEntryNestModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const config = options.config ?? new BaseServiceConfig();
  const adapter = new FastifyAdapter({
    trustProxy: config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT_BYTES,
    // Router settings go under routerOptions: at the top level Fastify 5 warns (FSTDEP022).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    genReqId: (req: IncomingMessage) => resolveRequestId(req.headers[REQUEST_ID_HEADER]),
  });
  // Added before NestFactory registers middie, so Nest middleware (pino-http) runs inside it.
  registerRequestContext(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = optional(app, PinoNestLogger);
  if (logger) app.useLogger(logger);
  // Nest flushes buffered logs only on listen(); tests that only init() would lose them.
  app.flushLogs();
  const metrics = optional(app, MetricsService);
  if (metrics) registerHttpMetrics(adapter.getInstance(), metrics);
  // Registered before init() adds the routes, so every route (and the 404 handler) gets them.
  const fastify = adapter.getInstance();
  registerRouteRegistry(fastify);
  await registerSecurityHeaders(fastify);
  await registerRateLimits(
    fastify,
    {
      enabled: config.RATE_LIMIT_ENABLED === 'true',
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      anonymousMax: config.RATE_LIMIT_ANONYMOUS_MAX,
      writesPerUserMax: config.RATE_LIMIT_WRITES_PER_USER_MAX,
      replicas: config.RATE_LIMIT_REPLICAS,
    },
    optional<CallerIdentity>(app, CALLER_IDENTITY),
  );
  registerHostileInputGuard(fastify, config.JSON_MAX_DEPTH);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

/** Starts a service: createServiceApp, then listen and log where. */
export async function bootstrapService(
  module: IEntryNestModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(module, options);
  await app.listen({ port: options.port ?? 3000, host: options.host ?? '0.0.0.0' });
  new NestLogger(options.serviceName).log(
    `${options.serviceName} listening on ${await app.getUrl()}`,
  );
  return app;
}

/** A provider the module may lack (asked through ModuleRef: the app's proxy would log the miss). */
function optional<T>(
  app: INestApplicationContext,
  token: (new (...args: never[]) => T) | symbol,
): T | undefined {
  try {
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
