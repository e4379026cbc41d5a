import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, Level, LevelWithSilent } from 'pino';
import { RequestContext } from '../context/request-context';
import { resolveRequestId, REQUEST_ID_HEADER } from '../http/request-id';

/** Never written to logs: credentials and personal data wherever they appear. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'idNumber',
  'phone',
  '*.idNumber',
  '*.phone',
];

/** Paths whose requests are not logged on completion (probes would drown everything else). */
const QUIET_PATHS = new Set(['/health', '/metrics']);

export interface LoggingOptions {
  serviceName: string;
  level: string;
  /** Where JSON lines go (stdout by default; tests capture them). */
  destination?: DestinationStream;
}

/** nestjs-pino LoggerModule params: JSON lines, every line of a request carrying its requestId. */
export function loggerModuleParams(options: LoggingOptions): Params {
  const pinoOptions = {
    level: options.level as LevelWithSilent,
    base: { service: options.serviceName },
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    // The onRequest hook has already resolved the id (and put it in the context) by now.
    genReqId: (req: IncomingMessage) =>
      RequestContext.current()?.requestId ?? resolveRequestId(req.headers[REQUEST_ID_HEADER]),
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error): Level => {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    // pino-http only sees a status code here (the filter logs the real error with its stack).
    customErrorObject: (
      _req: IncomingMessage,
      _res: ServerResponse,
      _error: Error,
      value: Record<string, unknown>,
    ) => {
      const { err: _synthetic, ...rest } = value;
      return rest;
    },
    autoLogging: {
      // middie strips the mount path from req.url while middleware runs; originalUrl keeps it.
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.has((req.originalUrl ?? req.url ?? '').split('?')[0] ?? ''),
    },
    // Only what identifies the request: never bodies, and headers only through redaction.
    serializers: {
      req: (req: {
        id: unknown;
        method: string;
        url: string;
        headers: Record<string, unknown>;
        remoteAddress?: string;
      }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
    },
  };
  return {
    pinoHttp: options.destination ? [pinoOptions, options.destination] : pinoOptions,
    // Nest 11 path syntax for "every route" (the library's default '*' is the deprecated form).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}

const SECRET_QUERY_PARAMS = /([?&](?:access_token|token|id_token|refresh_token|api_key)=)[^&#]*/gi;

/** Query parameters that carry credentials (EventSource cannot send headers) never reach the log. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY_PARAMS, '$1[REDACTED]');
}
