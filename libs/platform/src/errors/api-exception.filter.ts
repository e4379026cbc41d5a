import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequestContext } from '../context/request-context';
import { ApiErrorBody, isErrorDetails, statusText } from './api-error';

/**
 * Turns every error into the contract's body. Client errors keep their message; anything
 * unexpected becomes a generic 500 (the cause goes to the log, never to the caller).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      const requestId = RequestContext.current()?.requestId;
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err: error, requestId }, `unhandled error: ${error.message}`);
    }
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    const clientError = fromFrameworkClientError(exception);
    if (clientError) return clientError;
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: statusText(HttpStatus.INTERNAL_SERVER_ERROR),
      message: 'internal error',
    };
  }
}

function fromHttpException(exception: HttpException): ApiErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const body: ApiErrorBody = {
    statusCode,
    error: statusText(statusCode),
    message: exception.message,
  };
  if (typeof response === 'string') {
    body.message = response;
  } else if (response && typeof response === 'object') {
    const { message, error, details, existingId } = response as Record<string, unknown>;
    if (typeof message === 'string') body.message = message;
    else if (Array.isArray(message)) body.message = message.map(String).join('; ');
    if (typeof error === 'string' && statusCode < 500) body.error = error;
    if (isErrorDetails(details) && details.length > 0) body.details = details;
    if (typeof existingId === 'string' && statusCode === 409) body.existingId = existingId;
  }
  // A 5xx raised on purpose still must not leak internals.
  if (statusCode >= 500) body.message = statusCode === 500 ? 'internal error' : body.message;
  return body;
}

/** Fastify's own 4xx (malformed JSON, body too large...) if they reach us unmapped by Nest. */
function fromFrameworkClientError(exception: unknown): ApiErrorBody | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { statusCode, code } = exception as Error & { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const isBodyParseError =
    exception instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY';
  if (!isBodyParseError && !(typeof code === 'string' && code.startsWith('FST_'))) return undefined;
  return {
    statusCode,
    error: statusText(statusCode),
    message: isBodyParseError ? 'malformed JSON body' : exception.message,
  };
}
