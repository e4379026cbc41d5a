// A relying party driven over HTTP, as a browser would: cookies, redirects followed by hand,
// the login form posted, the code exchanged with its PKCE verifier.
import { createHash, randomBytes } from 'node:crypto';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  end_session_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

export interface AuthConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

/** One browser's cookies (enough for the provider's: names and values, every path). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

export class Browser {
  readonly jar = new CookieJar();

  constructor(readonly base: string) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, this.base), {
      ...init,
      redirect: 'manual',
      headers: { cookie: this.jar.header(), ...(init.headers as Record<string, string>) },
    });
    this.jar.take(response);
    return response;
  }

  /** Follows redirects until a page answers, or until one leaves for `stopAt` (the callback). */
  async follow(url: string, stopAt: string): Promise<{ url: string; response: Response }> {
    let current = new URL(url, this.base).toString();
    for (let hop = 0; hop < 10; hop++) {
      if (current.startsWith(stopAt)) return { url: current, response: new Response(null) };
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current).toString();
    }
    throw new Error('too many redirects');
  }
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function authConfig(base: string): Promise<AuthConfig> {
  return (await (await fetch(`${base}/auth/config`)).json()) as AuthConfig;
}

export async function discover(config: AuthConfig): Promise<Discovery> {
  return (await (
    await fetch(`${config.issuer}/.well-known/openid-configuration`)
  ).json()) as Discovery;
}

export function loginAction(html: string): string {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form in:\n${html.slice(0, 500)}`);
  return action.replace(/&#38;/g, '&');
}

export interface SignInResult {
  tokens: Tokens;
  browser: Browser;
}

/** The authorization code flow with PKCE, through the login page. */
export async function signIn(
  base: string,
  username: string,
  password: string,
  options: { omitPkce?: boolean } = {},
): Promise<SignInResult> {
  const config = await authConfig(base);
  const discovery = await discover(config);
  const browser = new Browser(base);
  const { verifier, challenge } = pkce();
  const redirectUri = `${base}/auth/callback`;
  const state = randomBytes(16).toString('base64url');
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scopes.join(' '),
    state,
    nonce: randomBytes(16).toString('base64url'),
    ...(options.omitPkce ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
  }).toString();
  const loginPage = await browser.follow(url.toString(), redirectUri);
  if (loginPage.url.startsWith(redirectUri)) {
    // Back at the client before any login: the provider refused the request itself.
    const answer = new URL(loginPage.url).searchParams;
    throw new ProviderRefused(answer.get('error') ?? '', answer.get('error_description') ?? '');
  }
  const html = await loginPage.response.text();
  if (loginPage.response.status !== 200) throw new LoginRefused(loginPage.response.status, html);
  const posted = await browser.request(loginAction(html), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, lang: 'en' }).toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 303 || !location)
    throw new LoginRefused(posted.status, await posted.text());
  const callback = await browser.follow(new URL(location, loginPage.url).toString(), redirectUri);
  const answer = new URL(callback.url).searchParams;
  if (answer.get('state') !== state) throw new Error(`state mismatch in ${callback.url}`);
  const code = answer.get('code');
  if (!code) throw new Error(`no code in ${callback.url}`);
  const tokens = await tokenRequest(discovery, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: config.clientId,
    code_verifier: verifier,
  });
  if (tokens.status !== 200)
    throw new Error(`token exchange: ${tokens.status} ${JSON.stringify(tokens.body)}`);
  return { tokens: tokens.body as Tokens, browser };
}

export class ProviderRefused extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

export class LoginRefused extends Error {
  constructor(
    readonly status: number,
    readonly html: string,
  ) {
    super(`login answered ${status}`);
  }
}

export async function tokenRequest(
  discovery: Discovery,
  body: Record<string, string>,
): Promise<{ status: number; body: Tokens | { error: string; error_description?: string } }> {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as Tokens };
}

/** GET through the gateway with a bearer token: the status only. */
export async function statusWith(base: string, token: string, path: string): Promise<number> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}
