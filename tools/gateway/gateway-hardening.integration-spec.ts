// The gateway in front of a service built by the real bootstrap (createServiceApp): what a hostile
// client sees on the public origin — body and URL limits, nesting, headers, and no /metrics.
import { createServiceApp } from '@aidflow/platform';
import { Body, Controller, Get, Header, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import { AddressInfo } from 'node:net';
import { Gateway, startGateway } from './gateway';
import { SERVICE_KEYS, ServiceKey } from './routes';

class NoteDto {
  @IsString() note!: string;
}

@Controller()
class ProbeController {
  @Post('api/orgs')
  create(@Body() body: NoteDto) {
    return body;
  }

  @Get('api/orgs/:code')
  get(@Param('code') code: string) {
    return { code };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain')
  metrics() {
    return 'process_start_time_seconds 1';
  }

  @Get('console')
  @Header('content-type', 'text/html; charset=utf-8')
  console() {
    return '<!doctype html><title>console</title>';
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const ERROR_KEYS = ['error', 'message', 'statusCode'];

describe('gateway hardening (gateway → a service on the real bootstrap)', () => {
  let service: NestFastifyApplication;
  let gateway: Gateway;
  let serviceUrl: string;
  let base: string;

  beforeAll(async () => {
    service = await createServiceApp(ProbeModule, { serviceName: 'probe' });
    await service.listen({ port: 0, host: '127.0.0.1' });
    serviceUrl = `http://127.0.0.1:${(service.getHttpServer().address() as AddressInfo).port}`;
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, serviceUrl])) as Record<
        ServiceKey,
        string
      >,
    });
    gateway = started.gateway;
    base = `http://127.0.0.1:${started.port}`;
  });
  afterAll(async () => {
    await gateway?.close();
    await service?.close();
  });

  const json = { 'content-type': 'application/json' };

  it('an 8 MB body → 413 in the contract shape (not 502), with or without a Content-Length', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(8 * 1024 * 1024) });
    const sized = await fetch(`${base}/api/orgs`, { method: 'POST', headers: json, body: big });
    expect(sized.status).toBe(413);
    const body = (await sized.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
    expect(body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });

    const chunks = [
      Buffer.from('{"note":"'),
      ...Array.from({ length: 8 }, () => Buffer.alloc(1024 * 1024, 'x')),
      Buffer.from('"}'),
    ];
    const chunked = await fetch(`${base}/api/orgs`, {
      method: 'POST',
      headers: json,
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ statusCode: 413 });
  });

  it('a 5,000-character path parameter → 414 in the contract shape, the path not echoed', async () => {
    const long = 'A'.repeat(5000);
    for (const url of [`${base}/api/orgs/${long}`, `${serviceUrl}/api/orgs/${long}`]) {
      const res = await fetch(url);
      expect(res.status).toBe(414);
      const text = await res.text();
      expect(text).not.toContain('AAAAAAAAAA');
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
      expect(body).toMatchObject({ statusCode: 414, error: 'URI Too Long' });
    }
  });

  it('10,000 levels of nesting → 400 in the contract shape, on the service and through the gateway', async () => {
    const deep = `{"note":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    for (const url of [`${base}/api/orgs`, `${serviceUrl}/api/orgs`]) {
      const res = await fetch(url, { method: 'POST', headers: json, body: deep });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        details: [
          {
            field: 'note.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0',
            problem: 'must not nest deeper than 32 levels',
          },
        ],
      });
    }
  });

  it('keeps /metrics off the public origin (the service still serves it on its own port)', async () => {
    const hidden = await fetch(`${base}/metrics`);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain('process_start_time_seconds');
    expect((await fetch(`${base}/metrics/`)).status).toBe(404);
    expect((await fetch(`${serviceUrl}/metrics`)).status).toBe(200);
  });

  it('sends the security headers on the console, the API and the gateway’s own answers; no-store on data', async () => {
    const consolePage = await fetch(`${base}/console`);
    const csp = consolePage.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    for (const res of [
      consolePage,
      await fetch(`${base}/api/orgs/QH`),
      await fetch(`${base}/api/nowhere`),
      await fetch(`${serviceUrl}/api/orgs/QH`),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await fetch(`${base}/api/orgs/QH`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${serviceUrl}/api/orgs/QH`)).headers.get('cache-control')).toBe(
      'no-store',
    );
    expect((await fetch(`${base}/api/nowhere`)).headers.get('cache-control')).toBe('no-store');
  });
});
