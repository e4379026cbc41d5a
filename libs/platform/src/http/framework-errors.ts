import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorBody } from '../errors/api-error';

/** Longest path parameter the router accepts (Fastify's default); longer → 414. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Fastify answers a few malformed URLs itself, before any hook or Nest: its own body shape, and
 * the offending path echoed back. These get the contract's shape and never echo the URL.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const [status, message] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`]
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, 'the URL is not valid']
        : [500, 'internal error'];
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(apiErrorBody(status, message));
}
