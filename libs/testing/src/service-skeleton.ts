import { DataSource } from 'typeorm';
import { routeCoverage } from './documented-routes';
import { TestService, TestServiceOptions, startTestService } from './test-service';

/**
 * The checks every service passes before it has any domain code: health (database and broker
 * up), Prometheus metrics, the error format for unknown routes, request id echo.
 */
export function describeServiceSkeleton<C extends object>(options: TestServiceOptions<C>): void {
  describe(`${options.serviceName} skeleton`, () => {
    let service: TestService<C>;

    beforeAll(async () => {
      service = await startTestService(options);
    });
    afterAll(async () => {
      await service?.close();
    });

    it('GET /health → 200 with database and broker up', async () => {
      const res = await service.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, broker: { status: 'up' } },
      });
    });

    it('migrated the messaging tables into its own schema', async () => {
      const rows: { outbox: string | null }[] = await service.app
        .get(DataSource)
        .query(`SELECT to_regclass($1)::text AS outbox`, [`${service.schema}.outbox`]);
      expect(rows[0]?.outbox).not.toBeNull();
    });

    it('GET /metrics → Prometheus text with HTTP and outbox metrics', async () => {
      await service.app.inject({ method: 'GET', url: '/health' });
      const res = await service.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain(
        'aidflow_http_requests_total{method="GET",route="/health",status="200"}',
      );
      expect(res.body).toContain('aidflow_outbox_backlog');
    });

    it('unknown route → 404 in the error format', async () => {
      const res = await service.app.inject({ method: 'GET', url: '/api/no-such-thing/123' });
      expect(res.statusCode).toBe(404);
      const body = res.json<Record<string, unknown>>();
      expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
      expect(body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(typeof body.message).toBe('string');
    });

    it('documents every route it serves, and no other (docs/openapi.json: @ApiRoute, then npm run openapi)', () => {
      expect(routeCoverage(service.app, options.serviceName)).toEqual({
        undocumented: [],
        missing: [],
      });
    });

    it('echoes X-Request-Id', async () => {
      const res = await service.app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': 'skeleton-check-1' },
      });
      expect(res.headers['x-request-id']).toBe('skeleton-check-1');
    });
  });
}
