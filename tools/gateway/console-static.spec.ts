import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleFilePath } from './console-static';
import { Gateway, startGateway } from './gateway';
import { SERVICE_KEYS, ServiceKey } from './routes';

/** The gateway serving a built console from a temporary dist folder (no services needed). */
describe('gateway: the console on the one origin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  let gateway: Gateway;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("aidflow")'.repeat(50));
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      consoleDir: dir,
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, 'http://127.0.0.1:9'])) as Record<
        ServiceKey,
        string
      >,
    });
    gateway = started.gateway;
    base = `http://127.0.0.1:${started.port}`;
  });

  afterAll(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every page path of the SPA, revalidated each time', async () => {
    for (const path of ['/', '/finance/approvals', '/ops/dlq?x=1']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year, compressed when the browser accepts gzip', async () => {
    const response = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('console.log("aidflow")');
    const identity = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(identity.headers.get('content-length')).toBe(String(22 * 50));
  });

  it('answers a revalidation with 304 and an unchanged ETag', async () => {
    const first = await fetch(`${base}/favicon.svg`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${base}/favicon.svg`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('404s a missing asset instead of answering it with index.html', async () => {
    expect((await fetch(`${base}/assets/index-old999.js`)).status).toBe(404);
    expect((await fetch(`${base}/robots.txt`)).status).toBe(404);
  });

  it('never leaves the dist folder and refuses writes', async () => {
    expect(consoleFilePath(dir, '/../../etc/passwd')).toBe(join(dir, 'etc', 'passwd'));
    expect(consoleFilePath(dir, '/%2e%2e/%2e%2e/etc/passwd')).toBe(join(dir, 'etc', 'passwd'));
    expect(consoleFilePath(dir, '/a%00b')).toBeUndefined();
    expect(consoleFilePath(dir, '/%E0%A4%A')).toBeUndefined();
    const post = await fetch(`${base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('says plainly when the console has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-empty-'));
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      consoleDir: empty,
      upstreams: Object.fromEntries(SERVICE_KEYS.map((k) => [k, 'http://127.0.0.1:9'])) as Record<
        ServiceKey,
        string
      >,
    });
    try {
      const response = await fetch(`http://127.0.0.1:${started.port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm start builds it');
    } finally {
      await started.gateway.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
