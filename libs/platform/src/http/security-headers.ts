import fastifyHelmet, { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * One policy for every service and the gateway (which applies it with helmet itself). The console
 * is a self-hosted SPA: its scripts, styles, fonts, workers and API calls all come from the
 * origin; no inline script, no CDN, no framing. No `upgrade-insecure-requests`: the embedded mode
 * is plain HTTP on a LAN address, where upgrading would break every asset.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      fontSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Browsers ignore it over plain HTTP; behind TLS it pins HTTPS without claiming subdomains.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
} as const satisfies FastifyHelmetOptions;

/** Responses that carry data (personal data included) must never sit in a browser or proxy cache. */
export function isDataPath(url: string): boolean {
  return /^\/(api|auth|health|metrics)(\/|\?|$)/.test(url);
}

export const NO_STORE = 'no-store';

/** @fastify/helmet with SECURITY_HEADERS, plus `Cache-Control: no-store` on every data response. */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyHelmet, { ...SECURITY_HEADERS, global: true });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // A route that already forbids storing (e.g. receipts' `private, no-store`) keeps its own header.
    const current = reply.getHeader('cache-control');
    const alreadyNoStore = typeof current === 'string' && current.includes(NO_STORE);
    if (isDataPath(request.url) && !alreadyNoStore) void reply.header('cache-control', NO_STORE);
    done(null, payload);
  });
}
