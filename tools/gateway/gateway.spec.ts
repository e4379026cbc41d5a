import { createServer, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gatewayConfig } from './config';
import { Gateway, startGateway } from './gateway';
import { routeRequest, SERVICE_KEYS, ServiceKey } from './routes';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A throwaway upstream on port 0 that records what it received. */
async function upstream(
  name: string,
  handler?: (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (handler) return handler(req, res);
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"status":"ok"}');
      }
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': name });
      res.end(JSON.stringify({ from: name, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('routeRequest', () => {
  it.each([
    ['/api/orgs', 'intake'],
    ['/api/orgs/QH', 'intake'],
    ['/api/incidents/1/sites', 'intake'],
    ['/api/beneficiaries?incidentId=1', 'intake'],
    ['/api/funds/1/reconciliation', 'funds'],
    ['/api/allocations', 'funds'],
    ['/api/disbursements/9/approve', 'funds'],
    ['/api/stock/receipts', 'funds'],
    ['/api/teams', 'visits'],
    ['/api/visits/batch', 'visits'],
    ['/api/follow-ups/3/close', 'visits'],
    ['/api/ops/stream?types=a', 'ops'],
    // Each export is answered by the service that owns its rows: the longest prefix wins.
    ['/api/exports/beneficiaries?format=xlsx', 'intake'],
    ['/api/exports/visits', 'visits'],
    ['/api/exports/disbursements', 'funds'],
    ['/api/exports/advances?format=csv', 'funds'],
    ['/api/exports/visitsx', 'funds'],
    ['/api/reports/incidents/1/finance.pdf', 'funds'],
  ])('%s → %s', (url, service) => {
    expect(routeRequest(url)).toEqual({ kind: 'proxy', service, path: url });
  });

  it.each(['/', '/finance/approvals', '/assets/index-1a2b.js', '/field', '/auth/callback'])(
    '%s → the console',
    (url) => {
      expect(routeRequest(url)).toEqual({ kind: 'console', pathname: url });
    },
  );

  it('keeps the sign-in paths away from the console (never index.html for /auth/config or /oidc)', () => {
    expect(routeRequest('/auth/config')).toEqual({ kind: 'auth-config' });
    expect(routeRequest('/oidc/.well-known/openid-configuration')).toEqual({
      kind: 'identity',
      path: '/oidc/.well-known/openid-configuration',
    });
    expect(routeRequest('/oidc/auth?client_id=x')).toEqual({
      kind: 'identity',
      path: '/oidc/auth?client_id=x',
    });
    expect(routeRequest('/auth/config/x')).toMatchObject({ kind: 'error', statusCode: 404 });
    expect(routeRequest('/oidcx')).toEqual({ kind: 'console', pathname: '/oidcx' });
  });

  it('does not let a look-alike prefix or a dot segment pick the wrong service', () => {
    expect(routeRequest('/api/fundsx')).toMatchObject({ kind: 'error', statusCode: 404 });
    expect(routeRequest('/api/funds/../orgs')).toEqual({
      kind: 'proxy',
      service: 'intake',
      path: '/api/orgs',
    });
    expect(routeRequest('/api/unknown')).toMatchObject({ kind: 'error', statusCode: 404 });
  });

  it('sends /api/audit to the service named by ?service= and drops that parameter', () => {
    expect(routeRequest('/api/audit?service=funds&limit=5')).toEqual({
      kind: 'proxy',
      service: 'funds',
      path: '/api/audit?limit=5',
    });
    expect(routeRequest('/api/audit')).toMatchObject({
      kind: 'error',
      statusCode: 400,
      field: 'service',
    });
    expect(routeRequest('/api/audit?service=payroll')).toMatchObject({ statusCode: 400 });
  });
});

describe('gatewayConfig', () => {
  it('defaults to the services on localhost and names every bad variable', () => {
    expect(gatewayConfig({})).toEqual({
      port: 3000,
      upstreams: {
        intake: 'http://127.0.0.1:3101',
        funds: 'http://127.0.0.1:3102',
        visits: 'http://127.0.0.1:3103',
        ops: 'http://127.0.0.1:3104',
      },
    });
    expect(() => gatewayConfig({ PORT: 'x', OPS_URL: 'ops:3104' })).toThrow(/PORT[\s\S]*OPS_URL/);
  });

  it('takes the sign-in settings of an external provider', () => {
    expect(
      gatewayConfig({
        OIDC_ISSUER_URL: 'http://localhost:3000/oidc/realms/aidflow/',
        OIDC_SCOPES: 'openid profile',
        IDENTITY_URL: 'http://keycloak:8080',
      }).auth,
    ).toEqual({
      config: {
        issuer: 'http://localhost:3000/oidc/realms/aidflow',
        clientId: 'aidflow-console',
        scopes: ['openid', 'profile'],
      },
      identityUpstream: 'http://keycloak:8080',
    });
    expect(() =>
      gatewayConfig({ OIDC_ISSUER_URL: 'http://x/oidc', IDENTITY_URL: 'keycloak' }),
    ).toThrow(/IDENTITY_URL/);
  });
});

describe('Gateway (real HTTP against throwaway upstreams)', () => {
  const upstreams = {} as Record<ServiceKey, Awaited<ReturnType<typeof upstream>>>;
  let gateway: Gateway;
  let base: string;

  beforeAll(async () => {
    for (const key of SERVICE_KEYS) {
      upstreams[key] =
        key === 'ops'
          ? await upstream(key, (req, res) => {
              if (req.url === '/health') {
                res.writeHead(200);
                return res.end('{}');
              }
              if (req.url?.startsWith('/api/ops/stream')) {
                // An SSE stream: three events 150 ms apart, as ops-monitor would send them.
                res.writeHead(200, { 'content-type': 'text/event-stream' });
                res.flushHeaders();
                let n = 0;
                const timer = setInterval(() => {
                  n += 1;
                  res.write(`data: ${n}\n\n`);
                  if (n === 3) {
                    clearInterval(timer);
                    res.end();
                  }
                }, 150);
                res.on('close', () => clearInterval(timer));
                return;
              }
              res.writeHead(404, { 'content-type': 'application/json' });
              res.end('{}');
            })
          : await upstream(key);
    }
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      healthTimeoutMs: 500,
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, upstreams[k].url])) as Record<
        ServiceKey,
        string
      >,
    });
    gateway = started.gateway;
    base = `http://127.0.0.1:${started.port}`;
  });

  afterAll(async () => {
    await gateway.close();
    await Promise.all(SERVICE_KEYS.map((k) => closeServer(upstreams[k].server)));
  });

  it('forwards method, path, query, body, Authorization and X-Request-Id, and returns the answer as is', async () => {
    const response = await fetch(`${base}/api/disbursements?status=requested`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer t0k3n',
        'x-request-id': 'req-123',
        'content-type': 'application/json',
        'idempotency-key': 'k1',
      },
      body: JSON.stringify({ amountFen: 100 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('funds');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toEqual({
      from: 'funds',
      url: '/api/disbursements?status=requested',
    });
    const seen = upstreams.funds.seen.at(-1)!;
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/api/disbursements?status=requested',
      body: '{"amountFen":100}',
    });
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer t0k3n',
      'x-request-id': 'req-123',
      'idempotency-key': 'k1',
      'x-forwarded-for': '127.0.0.1',
    });
  });

  it('generates an X-Request-Id when the caller sent none (or an unsafe one)', async () => {
    for (const headers of [{}, { 'x-request-id': 'bad id\twith tab' }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(`${base}/api/teams`, { headers });
      const sent = upstreams.visits.seen.at(-1)!.headers['x-request-id'];
      expect(sent).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-request-id')).toBe(sent);
    }
  });

  it('serves the audit trail of the service named in ?service=, and 400 naming the parameter otherwise', async () => {
    const ok = await fetch(`${base}/api/audit?service=intake&limit=2`);
    expect(ok.status).toBe(201);
    expect(upstreams.intake.seen.at(-1)!.url).toBe('/api/audit?limit=2');
    const bad = await fetch(`${base}/api/audit`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid request: service',
      details: [{ field: 'service', problem: 'service must be one of intake, funds, visits, ops' }],
    });
  });

  it('streams Server-Sent Events chunk by chunk, as they are written', async () => {
    const started = Date.now();
    const arrivals: { at: number; text: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      request(`${base}/api/ops/stream?types=x`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.on('data', (chunk: Buffer) =>
          arrivals.push({ at: Date.now() - started, text: chunk.toString() }),
        );
        res.on('end', resolve);
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(arrivals.map((a) => a.text).join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    // Buffered, all three would arrive together after ~450 ms; streamed, the first comes ~300 ms earlier.
    expect(arrivals.length).toBe(3);
    expect(arrivals[2].at - arrivals[0].at).toBeGreaterThanOrEqual(250);
  });

  it('aggregates the services’ health, and answers 502 in the error format when a service is down', async () => {
    const healthy = await fetch(`${base}/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({
      status: 'ok',
      services: {
        intake: { status: 'up', httpStatus: 200 },
        funds: { status: 'up', httpStatus: 200 },
        visits: { status: 'up', httpStatus: 200 },
        ops: { status: 'up', httpStatus: 200 },
      },
    });

    await closeServer(upstreams.visits.server);
    const down = await fetch(`${base}/api/visits`, { headers: { 'x-request-id': 'r-502' } });
    expect(down.status).toBe(502);
    expect(down.headers.get('x-request-id')).toBe('r-502');
    expect(await down.json()).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message: expect.stringMatching(/^welfare-visit is unavailable/),
    });
    const unhealthy = await fetch(`${base}/health`);
    expect(unhealthy.status).toBe(503);
    expect(
      ((await unhealthy.json()) as { services: Record<string, unknown> }).services.visits,
    ).toEqual({
      status: 'down',
      error: 'ECONNREFUSED',
    });
  });
});

describe('Gateway sign-in paths', () => {
  it('answers /auth/config and forwards /oidc/* to the identity provider with its path unchanged', async () => {
    const identity = await upstream('identity');
    const services = await upstream('service');
    const config = {
      issuer: 'http://127.0.0.1/oidc',
      clientId: 'aidflow-console',
      scopes: ['openid'],
    };
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, services.url])) as Record<
        ServiceKey,
        string
      >,
      auth: { config, identityUpstream: identity.url },
    });
    const base = `http://127.0.0.1:${started.port}`;
    try {
      const answer = await fetch(`${base}/auth/config`);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(await answer.json()).toEqual(config);
      const proxied = await fetch(`${base}/oidc/auth?client_id=aidflow-console`);
      expect(await proxied.json()).toEqual({
        from: 'identity',
        url: '/oidc/auth?client_id=aidflow-console',
      });
      expect(identity.seen.at(-1)?.headers['x-forwarded-host']).toBe(`127.0.0.1:${started.port}`);
      expect(services.seen).toEqual([]);
    } finally {
      await started.gateway.close();
      await closeServer(identity.server);
      await closeServer(services.server);
    }
  });

  it('answers 404 for both when sign-in is not configured', async () => {
    const services = await upstream('service');
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, services.url])) as Record<
        ServiceKey,
        string
      >,
    });
    const base = `http://127.0.0.1:${started.port}`;
    try {
      for (const path of ['/auth/config', '/oidc/.well-known/openid-configuration'])
        expect((await fetch(`${base}${path}`)).status).toBe(404);
    } finally {
      await started.gateway.close();
      await closeServer(services.server);
    }
  });
});
