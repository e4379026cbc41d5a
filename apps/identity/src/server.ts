// The identity app's HTTP server: the provider under /oidc (the gateway forwards the path as is),
// its interaction pages and stylesheet, the list of revoked sign-ins the services poll, and /health.
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Provider } from 'oidc-provider';
import { InteractionDeps, showInteraction, submitLogin } from './login/interactions';
import { STYLESHEET_PATH, TIBETAN_FONT_PATH } from './login/pages';
import { type AccessTokenRevocation, isJwt } from './revocation/access-token-revocation';
import type { RevokedGrants } from './revocation/revoked-grants';

const MOUNT = '/oidc';
const STYLESHEET = readFileSync(join(__dirname, 'assets', 'login.css'));
// Few systems ship a Tibetan font: the page brings the console's own (same origin, no CDN).
const TIBETAN_FONT = readFileSync(
  require.resolve('@fontsource/noto-serif-tibetan/files/noto-serif-tibetan-tibetan-400-normal.woff2'),
);
const INTERACTION = /^\/oidc\/interaction\/([\w-]{1,64})(\/login)?$/;
/** Grants revoked while their access tokens may still be valid (libs/auth RevocationList polls it). */
export const REVOCATIONS_PATH = '/oidc/revocations';
const REVOCATION_ENDPOINT = '/oidc/token/revocation';
const MAX_REVOCATION_BODY = 8 * 1024;

/** The form of a revocation request, or undefined when it is too large. */
async function readForm(req: IncomingMessage): Promise<Record<string, string> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REVOCATION_BODY) return undefined;
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

export function createIdentityServer(
  provider: Provider,
  deps: InteractionDeps,
  healthy: () => Promise<boolean>,
  revoked?: RevokedGrants,
  accessTokens?: AccessTokenRevocation,
): Server {
  const oidc = provider.callback();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://identity.invalid');
    if (url.pathname === '/health') {
      const ok = await healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'error' }));
      return;
    }
    if (url.pathname === STYLESHEET_PATH) {
      res.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'max-age=3600',
      });
      res.end(STYLESHEET);
      return;
    }
    if (url.pathname === TIBETAN_FONT_PATH) {
      res.writeHead(200, { 'content-type': 'font/woff2', 'cache-control': 'max-age=86400' });
      res.end(TIBETAN_FONT);
      return;
    }
    if (url.pathname === REVOCATIONS_PATH && revoked && req.method === 'GET') {
      // Dead sign-ins only (opaque grant ids and an expiry): nothing a caller could use.
      const list = await revoked.current();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ revoked: list, at: Math.floor(Date.now() / 1000) }));
      return;
    }
    if (
      url.pathname === REVOCATION_ENDPOINT &&
      req.method === 'POST' &&
      accessTokens &&
      /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')
    ) {
      const form = await readForm(req);
      if (!form) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: 'body too large' }));
        return;
      }
      if (form['token'] && isJwt(form['token']) && form['client_id'] === accessTokens.clientId) {
        // Ours or not, RFC 7009 answers 200: a caller learns nothing about the token.
        await accessTokens.revoke(form['token']);
        res.writeHead(200, { 'cache-control': 'no-store' });
        res.end();
        return;
      }
      // Anything else is the provider's: it reads a body already parsed from req.body.
      (req as IncomingMessage & { body?: unknown }).body = form;
    }
    const interaction = INTERACTION.exec(url.pathname);
    if (interaction) {
      if (interaction[2] && req.method === 'POST') return submitLogin(deps, req, res);
      if (!interaction[2] && req.method === 'GET') return showInteraction(deps, req, res);
      res.writeHead(405, { allow: interaction[2] ? 'POST' : 'GET' });
      res.end();
      return;
    }
    if (url.pathname === MOUNT || url.pathname.startsWith(`${MOUNT}/`)) {
      // As an Express mount would: the provider routes the rest, and learns the prefix from originalUrl.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = (req.url ?? '/').slice(MOUNT.length) || '/';
      oidc(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 404, message: `no page at ${url.pathname}` }));
  };
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.log({
        event: 'request.failed',
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
}
