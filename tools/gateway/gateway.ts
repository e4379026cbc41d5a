// The one origin: routes each request to its service and streams the answer back unbuffered.
import {
  apiErrorBody,
  BODY_LIMIT_BYTES,
  isDataPath,
  NO_STORE,
  REQUEST_ID_HEADER,
  resolveRequestId,
  SECURITY_HEADERS,
} from '@aidflow/platform';
import helmet from 'helmet';
import {
  Agent,
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { serveApiDocs } from './api-docs';
import { DEFAULT_CONSOLE_DIR, serveConsole } from './console-static';
import { routeRequest, SERVICE_APPS, SERVICE_KEYS, ServiceKey } from './routes';
import { UpstreamPool } from './upstream-pool';

export interface GatewayOptions {
  /** Base URL of each service, e.g. `http://127.0.0.1:3101`. */
  /** Each service's base URL, or its replicas' (a list, or comma-separated). */
  upstreams: Record<ServiceKey, string | readonly string[]>;
  /** How long the aggregated /health waits for each service (default 2 s). */
  healthTimeoutMs?: number;
  /** How often replicas' /health is probed when a service has more than one (2000 ms). */
  probeIntervalMs?: number;
  /** Largest request body forwarded (default: the services' own limit); larger → 413. */
  bodyLimitBytes?: number;
  /** The built console (default dist/console). */
  consoleDir?: string;
  /** The merged OpenAPI document served at /api/docs (default docs/openapi.json). */
  openApiPath?: string;
  /** Sign-in: what GET /auth/config answers, and the embedded provider /oidc/* goes to (if any). */
  auth?: GatewayAuth;
}

/** The console's client settings (contract "Sign-in and the console"). */
export interface AuthConfigBody {
  issuer: string;
  clientId: string;
  scopes: string[];
}

export interface GatewayAuth {
  config: AuthConfigBody;
  /** Base URL of the embedded identity app; absent when an external provider signs users in. */
  identityUpstream?: string;
}

/** Longer request targets are refused (414) before routing; no contract URL comes near it. */
export const MAX_URL_LENGTH = 8192;

/** The services' own policy, applied to every answer the gateway writes or forwards. */
const securityHeaders = helmet(SECURITY_HEADERS);

export interface ServiceHealth {
  status: 'up' | 'down';
  httpStatus?: number;
  error?: string;
  /** With replicas: how many answer, of how many. */
  replicasUp?: number;
  replicas?: number;
}

export interface GatewayHealth {
  status: 'ok' | 'error';
  services: Record<ServiceKey, ServiceHealth>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase()),
  );
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}

function sendJson(
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(statusCode, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': NO_STORE,
    [REQUEST_ID_HEADER]: requestId,
    ...extra,
  });
  res.end(payload);
}

/** 413 in the contract's shape; the rest of the body is read and dropped so the client sees the answer (no EPIPE). */
function refuseTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  requestId: string,
): void {
  sendJson(
    res,
    413,
    apiErrorBody(413, `the request body is larger than ${limit} bytes`),
    requestId,
    {
      connection: 'close',
    },
  );
  req.resume();
}

export class Gateway {
  readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly upstreams: Record<ServiceKey, UpstreamPool>;
  private probeTimer?: NodeJS.Timeout;
  private readonly healthTimeoutMs: number;
  private readonly bodyLimitBytes: number;
  private readonly consoleDir: string;
  private readonly openApiPath: string | undefined;
  private readonly auth?: GatewayAuth;
  private readonly identity?: URL;

  constructor(options: GatewayOptions) {
    this.auth = options.auth;
    this.identity = options.auth?.identityUpstream
      ? new URL(options.auth.identityUpstream)
      : undefined;
    this.bodyLimitBytes = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
    this.upstreams = Object.fromEntries(
      SERVICE_KEYS.map((key) => [key, new UpstreamPool(options.upstreams[key])]),
    ) as Record<ServiceKey, UpstreamPool>;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 2000;
    this.consoleDir = options.consoleDir ?? DEFAULT_CONSOLE_DIR;
    this.openApiPath = options.openApiPath;
    this.server = createServer((req, res) => this.handle(req, res));
    // With replicas, a stopped one comes back into turn as soon as its /health answers 200.
    if (SERVICE_KEYS.some((key) => this.upstreams[key].size > 1)) {
      this.probeTimer = setInterval(() => void this.health(), options.probeIntervalMs ?? 2000);
      this.probeTimer.unref();
    }
  }

  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting, ends open streams (SSE clients would otherwise hold the server forever). */
  async close(): Promise<void> {
    clearInterval(this.probeTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.agent.destroy();
    await closed;
  }

  private async probe(replica: URL): Promise<ServiceHealth> {
    try {
      const response = await fetch(new URL('/health', replica), {
        signal: AbortSignal.timeout(this.healthTimeoutMs),
      });
      await response.arrayBuffer();
      return { status: response.status === 200 ? 'up' : 'down', httpStatus: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { status: 'down', error: cause ?? (error as Error).name };
    }
  }

  /** Each service's /health (every replica), in parallel; 200 only when each service has one up. */
  async health(): Promise<GatewayHealth> {
    const entries = await Promise.all(
      SERVICE_KEYS.map(async (key): Promise<[ServiceKey, ServiceHealth]> => {
        const pool = this.upstreams[key];
        const answers = await Promise.all(pool.all.map((replica) => this.probe(replica)));
        pool.all.forEach((replica, i) => pool.mark(replica, answers[i]?.status === 'up'));
        const up = answers.filter((a) => a.status === 'up');
        const health = up[0] ?? answers[0] ?? { status: 'down' as const };
        return [
          key,
          pool.size > 1 ? { ...health, replicasUp: up.length, replicas: pool.size } : health,
        ];
      }),
    );
    const services = Object.fromEntries(entries) as Record<ServiceKey, ServiceHealth>;
    const ok = entries.every(([, health]) => health.status === 'up');
    return { status: ok ? 'ok' : 'error', services };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    securityHeaders(req, res, () => this.route(req, res));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    if ((req.url ?? '').length > MAX_URL_LENGTH) {
      // The URL is not echoed: it may carry anything, including personal data.
      sendJson(
        res,
        414,
        apiErrorBody(414, `the URL is longer than ${MAX_URL_LENGTH} characters`),
        requestId,
      );
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.bodyLimitBytes)
      return refuseTooLarge(req, res, this.bodyLimitBytes, requestId);
    const route = routeRequest(req.url ?? '/');
    switch (route.kind) {
      case 'health':
        this.health().then(
          (health) => sendJson(res, health.status === 'ok' ? 200 : 503, health, requestId),
          () => sendJson(res, 500, apiErrorBody(500, 'health check failed'), requestId),
        );
        return;
      case 'error':
        sendJson(
          res,
          route.statusCode,
          apiErrorBody(
            route.statusCode,
            route.message,
            route.field && route.problem ? [{ field: route.field, problem: route.problem }] : [],
          ),
          requestId,
        );
        req.resume();
        return;
      case 'proxy':
        this.proxy(
          req,
          res,
          this.upstreams[route.service].pick(),
          SERVICE_APPS[route.service],
          route.path,
          requestId,
        );
        return;
      case 'auth-config':
        req.resume();
        if (!this.auth) {
          sendJson(res, 404, apiErrorBody(404, 'sign-in is not configured'), requestId);
          return;
        }
        sendJson(res, 200, this.auth.config, requestId);
        return;
      case 'identity':
        if (!this.identity) {
          req.resume();
          sendJson(res, 404, apiErrorBody(404, 'no embedded identity provider here'), requestId);
          return;
        }
        this.proxy(req, res, this.identity, 'identity', route.path, requestId);
        return;
      case 'docs':
        res.setHeader(REQUEST_ID_HEADER, requestId);
        serveApiDocs(req, res, route.target, this.openApiPath).catch(() => {
          if (!res.headersSent) sendJson(res, 500, apiErrorBody(500, 'API docs failed'), requestId);
          else res.destroy();
        });
        req.resume();
        return;
      case 'console':
        res.setHeader(REQUEST_ID_HEADER, requestId);
        serveConsole(req, res, this.consoleDir, route.pathname).catch(() => {
          if (!res.headersSent)
            sendJson(res, 500, apiErrorBody(500, 'console file failed'), requestId);
          else res.destroy();
        });
        return;
    }
  }

  private proxy(
    req: IncomingMessage,
    res: ServerResponse,
    target: URL,
    name: string,
    path: string,
    requestId: string,
  ): void {
    const remote = req.socket.remoteAddress ?? '';
    const headers = forwardable(req.headers);
    headers[REQUEST_ID_HEADER] = requestId;
    headers['x-forwarded-for'] = headers['x-forwarded-for']
      ? `${String(headers['x-forwarded-for'])}, ${remote}`
      : remote;
    headers['x-forwarded-host'] ??= req.headers.host;
    headers['x-forwarded-proto'] ??= 'http';
    headers.host = target.host;

    const upstream = httpRequest({
      agent: this.agent,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path,
      headers,
    });
    let answered = false;
    upstream.on('response', (answer) => {
      answered = true;
      const out = forwardable(answer.headers);
      out[REQUEST_ID_HEADER] ??= requestId;
      if (isDataPath(path)) out['cache-control'] = NO_STORE;
      res.writeHead(answer.statusCode ?? 502, out);
      // Headers go out at once so a stream (SSE) starts before its first event.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A stopped replica: out of turn until its /health answers again (this request still gets 502).
      if (error.code === 'ECONNREFUSED')
        for (const key of SERVICE_KEYS) this.upstreams[key].markDown(target);
      // Answered already (a 413 of the service's own, or ours): that answer is what the client gets.
      if (answered) {
        req.unpipe(upstream);
        req.resume();
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(
        res,
        502,
        apiErrorBody(502, `${name} is unavailable (${error.code ?? error.message})`),
        requestId,
      );
    });
    // A client that goes away (a closed SSE tab) must not keep the upstream request open.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    // A chunked body declares no length: count it on the way through.
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= this.bodyLimitBytes || res.headersSent) return;
      answered = true;
      req.unpipe(upstream);
      upstream.destroy();
      refuseTooLarge(req, res, this.bodyLimitBytes, requestId);
    });
    req.pipe(upstream);
  }
}

export async function startGateway(
  options: GatewayOptions & { port: number; host?: string },
): Promise<{ gateway: Gateway; port: number }> {
  const gateway = new Gateway(options);
  const port = await gateway.listen(options.port, options.host);
  return { gateway, port };
}
