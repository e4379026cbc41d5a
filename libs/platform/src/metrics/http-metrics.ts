import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** Label for requests no route matched: one series, however many distinct URLs are probed. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Counts and times every response by route pattern (not raw URL: ids would explode cardinality). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const requests = metrics.counter('aidflow_http_requests_total', 'HTTP requests answered', [
    'method',
    'route',
    'status',
  ]);
  const duration = metrics.histogram(
    'aidflow_http_request_duration_seconds',
    'HTTP request duration in seconds',
    ['method', 'route'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    const method = request.method;
    requests.inc({ method, route, status: String(reply.statusCode) });
    duration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
