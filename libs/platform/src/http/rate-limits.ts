import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorBody } from '../errors/api-error';
import { CallerIdentity } from './caller-identity';

export interface RateLimitSettings {
  enabled: boolean;
  windowMs: number;
  /** Whole deployment: requests per window from one client address without a valid token. */
  anonymousMax: number;
  /** Whole deployment: writes (POST/PUT/PATCH/DELETE) per window by one user. */
  writesPerUserMax: number;
  /** Replicas of this service sharing the budgets (each keeps its own counters). */
  replicas: number;
}

/**
 * Each replica counts in memory and enforces its share, ceil(max / replicas): however a load
 * balancer spreads one client over the replicas, the deployment never lets more than about `max`
 * through (README, "Limits").
 */
export function perReplica(max: number, replicas: number): number {
  return Math.max(1, Math.ceil(max / Math.max(1, replicas)));
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SUBJECT = Symbol('aidflow:rate-limit-subject');
type Tagged = FastifyRequest & { [SUBJECT]?: string };

/** Probes and scrapes are never limited: the orchestrator and Prometheus must always get in. */
function exempt(request: FastifyRequest): boolean {
  return /^\/(health|metrics)(\/|\?|$)/.test(request.url);
}

/** Static console files are public and cheap; an anonymous caller of the API or a write is not. */
function countsAsAnonymous(request: FastifyRequest): boolean {
  return request.method !== 'GET' || /^\/api(\/|\?|$)/.test(request.url);
}

export function tooManyRequests(
  reply: FastifyReply,
  retryAfterSec: number,
  what: string,
): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, retryAfterSec)))
    .header('content-type', 'application/json; charset=utf-8')
    .send(apiErrorBody(429, `too many ${what}: retry after ${Math.max(1, retryAfterSec)} s`));
}

/**
 * @fastify/rate-limit with two budgets, checked in onRequest (before body parsing): per client
 * address for requests without a valid token (forged, expired, none), per user for writes.
 */
export async function registerRateLimits(
  fastify: FastifyInstance,
  settings: RateLimitSettings,
  identity: CallerIdentity | undefined,
): Promise<void> {
  if (!settings.enabled) return;
  await fastify.register(fastifyRateLimit, { global: false, timeWindow: settings.windowMs });
  const anonymous = fastify.createRateLimit({
    max: perReplica(settings.anonymousMax, settings.replicas),
    timeWindow: settings.windowMs,
    keyGenerator: (request) => `address:${request.ip}`,
  });
  const writes = fastify.createRateLimit({
    max: perReplica(settings.writesPerUserMax, settings.replicas),
    timeWindow: settings.windowMs,
    keyGenerator: (request) => `writer:${(request as Tagged)[SUBJECT] ?? ''}`,
  });
  fastify.addHook('onRequest', async (request: Tagged, reply) => {
    if (exempt(request)) return;
    const subject = identity ? await identity.subjectOf(request) : undefined;
    if (subject === undefined) {
      if (!countsAsAnonymous(request)) return;
      const result = await anonymous(request);
      if (!result.isAllowed && result.isExceeded)
        return tooManyRequests(
          reply,
          result.ttlInSeconds,
          'requests without a valid token from this address',
        );
      return;
    }
    if (!WRITE_METHODS.has(request.method)) return;
    request[SUBJECT] = subject;
    const result = await writes(request);
    if (!result.isAllowed && result.isExceeded)
      return tooManyRequests(reply, result.ttlInSeconds, 'writes by this user');
  });
}
