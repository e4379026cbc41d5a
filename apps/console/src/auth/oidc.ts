// OpenID Connect authorization code + PKCE against the issuer named by `GET /auth/config`
// (contract "Sign-in and the console"): the embedded provider under /oidc, or any provider.
import { codeChallenge, randomToken } from './pkce';

export interface AuthConfig {
  issuer: string;
  clientId: string;
  scopes: string[] | string;
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  end_session_endpoint?: string;
  userinfo_endpoint?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

interface Pending {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

const PENDING_KEY = 'aidflow.oidc.pending';
/** Registered with the embedded provider (OIDC_REDIRECT_URIS); an external one must list it too. */
export const CALLBACK_PATH = '/auth/callback';
export const SIGNED_OUT_PATH = '/signed-out';

export class SignInError extends Error {
  constructor(
    readonly code: 'config' | 'discovery' | 'state' | 'provider' | 'token',
    message: string,
  ) {
    super(message);
  }
}

let provider: Promise<{ config: AuthConfig; discovery: Discovery }> | undefined;

async function json<T>(url: string, code: SignInError['code']): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    throw new SignInError(code, `${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new SignInError(code, `${url} → HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The console's client settings and the issuer's endpoints, fetched once per page. */
export function loadProvider(): Promise<{ config: AuthConfig; discovery: Discovery }> {
  provider ??= (async () => {
    const config = await json<AuthConfig>('/auth/config', 'config');
    const issuer = config.issuer.replace(/\/$/, '');
    const discovery = await json<Discovery>(
      `${issuer}/.well-known/openid-configuration`,
      'discovery',
    );
    return { config, discovery };
  })();
  provider.catch(() => (provider = undefined));
  return provider;
}

function redirectUri(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

function scopesOf(config: AuthConfig): string {
  const scopes = Array.isArray(config.scopes) ? config.scopes.join(' ') : config.scopes;
  return scopes || 'openid profile offline_access';
}

/** Leaves for the provider's login page; comes back to CALLBACK_PATH. */
export async function beginSignIn(returnTo: string): Promise<void> {
  const { config, discovery } = await loadProvider();
  const pending: Pending = {
    state: randomToken(),
    verifier: randomToken(48),
    nonce: randomToken(),
    returnTo,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: scopesOf(config),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    ui_locales: document.documentElement.lang || 'zh-CN',
  }).toString();
  location.assign(url.toString());
}

async function tokenRequest(body: Record<string, string>): Promise<TokenResponse> {
  const { discovery } = await loadProvider();
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
    cache: 'no-store',
  });
  const answer = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & {
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !answer.access_token)
    throw new SignInError(
      'token',
      answer.error_description ?? answer.error ?? `HTTP ${response.status}`,
    );
  return answer as TokenResponse;
}

/** Completes the code flow on CALLBACK_PATH: checks state, swaps the code (with the verifier). */
export async function completeSignIn(
  search: string,
): Promise<{ tokens: TokenResponse; returnTo: string; nonce: string }> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const error = params.get('error');
  if (error) throw new SignInError('provider', params.get('error_description') ?? error);
  if (!pending || params.get('state') !== pending.state)
    throw new SignInError('state', 'the sign-in answer does not belong to this browser tab');
  const code = params.get('code');
  if (!code) throw new SignInError('provider', 'no authorization code');
  const { config } = await loadProvider();
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  return { tokens, returnTo: pending.returnTo, nonce: pending.nonce };
}

export async function refreshTokens(refreshToken: string): Promise<TokenResponse> {
  const { config } = await loadProvider();
  return tokenRequest({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: config.clientId,
  });
}

/** Revokes what it can (RFC 7009); a provider without revocation simply lets them expire. */
export async function revokeTokens(tokens: { token: string; hint: string }[]): Promise<void> {
  const { config, discovery } = await loadProvider();
  const endpoint = discovery.revocation_endpoint;
  if (!endpoint) return;
  await Promise.all(
    tokens.map(({ token, hint }) =>
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token,
          token_type_hint: hint,
          client_id: config.clientId,
        }).toString(),
        keepalive: true,
      }).catch(() => undefined),
    ),
  );
}

/**
 * Where to send the browser to end the provider's own session (it asks the user to confirm, then
 * comes back to SIGNED_OUT_PATH); undefined without an ID token or an end-session endpoint.
 */
export async function endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
  if (!idToken) return undefined;
  const { config, discovery } = await loadProvider().catch(() => ({
    config: undefined,
    discovery: undefined,
  }));
  if (!discovery?.end_session_endpoint || !config) return undefined;
  const url = new URL(discovery.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    post_logout_redirect_uri: `${location.origin}${SIGNED_OUT_PATH}`,
    id_token_hint: idToken,
    ui_locales: document.documentElement.lang || 'zh-CN',
  }).toString();
  return url.toString();
}
