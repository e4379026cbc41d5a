import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from '../http/request-id';
import { RequestContext } from './request-context';

/**
 * Runs every request inside RequestContext: done() is called within run(), so the rest of
 * Fastify's lifecycle (middleware, body parsing, the handler) inherits the context.
 * request.id comes from the adapter's genReqId (resolveRequestId).
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = request.id;
    void reply.header(REQUEST_ID_HEADER, requestId);
    RequestContext.run({ requestId, correlationId: requestId }, () => done());
  });
}
