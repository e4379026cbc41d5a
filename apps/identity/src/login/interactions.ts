// The provider's interaction pages: the login form, and the credential check behind it
// (rate-limited per username + address, every failure audited without personal data).
import { AuditService } from '@aidflow/audit';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { DataSource } from 'typeorm';
import { UNKNOWN_USER_HASH, verifyPassword } from '../users/password';
import { UserDirectory } from '../users/user-directory';
import { languageOf } from './language-of';
import { LoginLimiter } from './login-limiter';
import { errorPage, loginPage } from './pages';

const MAX_FORM_BYTES = 8 * 1024;

export interface InteractionDeps {
  provider: Provider;
  users: UserDirectory;
  limiter: LoginLimiter;
  db: DataSource;
  audit: AuditService;
  log: (entry: Record<string, unknown>) => void;
}

function send(
  res: ServerResponse,
  status: number,
  html: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(html);
}

/** The client address: the gateway appends the peer it saw last in X-Forwarded-For. */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const loopback = peer === '::1' || peer.startsWith('127.') || peer === '::ffff:127.0.0.1';
  return loopback && hops.length > 0 ? (hops[hops.length - 1] ?? peer) : peer;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function audited(
  deps: InteractionDeps,
  action: string,
  targetId: string,
  summary: Record<string, unknown>,
): Promise<void> {
  await deps.db.transaction((manager) =>
    deps.audit.record(manager, { action, targetType: 'account', targetId, summary }),
  );
}

export async function showInteraction(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let details;
  try {
    details = await deps.provider.interactionDetails(req, res);
  } catch {
    send(res, 400, errorPage(languageOf(req), 'invalid_request'));
    return;
  }
  const uiLocales = details.params['ui_locales'];
  const lang = languageOf(req, typeof uiLocales === 'string' ? uiLocales : undefined);
  if (details.prompt.name === 'login') {
    send(res, 200, loginPage({ lang, uid: details.uid }));
    return;
  }
  // Consent for our own console is granted in loadExistingGrant; anything else is not ours to ask.
  await deps.provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: `unsupported prompt ${details.prompt.name}` },
    { mergeWithLastSubmission: false },
  );
}

export async function submitLogin(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let details;
  try {
    details = await deps.provider.interactionDetails(req, res);
  } catch {
    send(res, 400, errorPage(languageOf(req), 'invalid_request'));
    return;
  }
  const form = await readForm(req);
  const uiLocales = details.params['ui_locales'];
  const chosen = form?.get('lang');
  const lang = languageOf(
    req,
    typeof uiLocales === 'string' ? uiLocales : undefined,
    chosen ?? undefined,
  );
  const username = (form?.get('username') ?? '').trim().slice(0, 200);
  const password = form?.get('password') ?? '';
  const address = clientAddress(req);

  const before = deps.limiter.check(username, address);
  if (before.locked) {
    send(
      res,
      429,
      loginPage({
        lang,
        uid: details.uid,
        username,
        problem: { lockedMinutes: Math.ceil(before.retryAfterSec / 60) },
      }),
      { 'retry-after': String(before.retryAfterSec) },
    );
    return;
  }

  const user = username ? await deps.users.byUsername(username) : undefined;
  // An unknown name costs the same scrypt as a wrong password: the timing tells nothing.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await UNKNOWN_USER_HASH));
  if (!user || !ok) {
    const verdict = deps.limiter.fail(username, address);
    await audited(
      deps,
      verdict.locked ? 'sign-in.locked' : 'sign-in.failed',
      user?.sub ?? 'unknown',
      {
        failures: verdict.failures,
        knownUser: user !== undefined,
      },
    );
    deps.log({
      event: verdict.locked ? 'sign-in.locked' : 'sign-in.failed',
      failures: verdict.failures,
    });
    if (verdict.locked) {
      send(
        res,
        429,
        loginPage({
          lang,
          uid: details.uid,
          username,
          problem: { lockedMinutes: Math.ceil(verdict.retryAfterSec / 60) },
        }),
        { 'retry-after': String(verdict.retryAfterSec) },
      );
    } else {
      send(res, 401, loginPage({ lang, uid: details.uid, username, problem: 'invalid' }));
    }
    return;
  }
  deps.limiter.succeed(username, address);
  await audited(deps, 'sign-in.succeeded', user.sub, {});
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  );
}
