import { readFileSync } from 'node:fs';
import { DEFAULT_OPENAPI_PATH, wantsHtml } from './api-docs';
import { Gateway, startGateway } from './gateway';

// Nothing listens on the upstreams: the docs never touch a service.
const upstreams = {
  intake: 'http://127.0.0.1:9',
  funds: 'http://127.0.0.1:9',
  visits: 'http://127.0.0.1:9',
  ops: 'http://127.0.0.1:9',
};

describe('gateway /api/docs', () => {
  let gateway: Gateway;
  let base: string;

  beforeAll(async () => {
    const started = await startGateway({ upstreams, port: 0, host: '127.0.0.1' });
    gateway = started.gateway;
    base = `http://127.0.0.1:${started.port}`;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('GET /api/docs/openapi.json → the merged document as checked in', async () => {
    const res = await fetch(`${base}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe(readFileSync(DEFAULT_OPENAPI_PATH, 'utf8'));
  });

  it('GET /api/docs → the document for API clients, the page for browsers', async () => {
    const json = await fetch(`${base}/api/docs`, { headers: { accept: '*/*' } });
    expect(((await json.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const page = await fetch(`${base}/api/docs`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script src="/api/docs/assets/swagger-ui-bundle.js"></script>');
    expect(html).not.toMatch(/<script>|https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves Swagger UI’s files and its initialiser from this origin', async () => {
    for (const [name, type] of [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['init.js', 'text/javascript; charset=utf-8'],
    ]) {
      const res = await fetch(`${base}/api/docs/assets/${name}`);
      expect([name, res.status, res.headers.get('content-type')]).toEqual([name, 200, type]);
      await res.arrayBuffer();
    }
  });

  it('anything else under /api/docs → 404 in the error format (no file outside the list)', async () => {
    for (const path of [
      '/api/docs/assets/package.json',
      '/api/docs/assets/../../package.json',
      '/api/docs/x',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      await res.arrayBuffer();
    }
  });

  it('negotiates by the first of text/html and application/json in Accept', () => {
    expect(wantsHtml(undefined)).toBe(false);
    expect(wantsHtml('application/json')).toBe(false);
    expect(wantsHtml('text/html,*/*')).toBe(true);
    expect(wantsHtml('application/json, text/html')).toBe(false);
  });
});
