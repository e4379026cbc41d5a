// The signed-in session: tokens in memory, mirrored in this tab's sessionStorage so a reload keeps
// the user signed in (closing the tab forgets them). Renewed silently before expiry while online;
// sign-out revokes and clears every token and everything this console kept in the browser.
import type { Role } from '../api/types';
import {
  endSessionUrl,
  refreshTokens,
  revokeTokens,
  SIGNED_OUT_PATH,
  type TokenResponse,
} from './oidc';
import { jwtClaims } from './pkce';

export interface User {
  sub: string;
  name: string;
  roles: Role[];
  orgCode: string;
}

export interface Session {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms. */
  expiresAt: number;
  user: User;
}

const SESSION_KEY = 'aidflow.session';
/** Renew this long before the access token expires. */
const RENEW_BEFORE_MS = 60_000;

let current: Session | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<boolean> | undefined;
const listeners = new Set<(session: Session | undefined) => void>();

function userFrom(tokens: { accessToken: string; idToken?: string }): User | undefined {
  const claims = {
    ...(tokens.idToken ? jwtClaims(tokens.idToken) : {}),
    ...jwtClaims(tokens.accessToken),
  };
  const sub = claims.sub;
  if (typeof sub !== 'string') return undefined;
  const roles = Array.isArray(claims.roles)
    ? (claims.roles.filter((r) => typeof r === 'string') as Role[])
    : [];
  return {
    sub,
    name: typeof claims.name === 'string' ? claims.name : sub,
    roles,
    orgCode: typeof claims.orgCode === 'string' ? claims.orgCode : '',
  };
}

function expiryOf(accessToken: string, expiresIn?: number): number {
  const exp = jwtClaims(accessToken)?.exp;
  if (typeof exp === 'number') return exp * 1000;
  return Date.now() + (expiresIn ?? 300) * 1000;
}

function publish(): void {
  for (const listener of listeners) listener(current);
}

function persist(): void {
  if (current) sessionStorage.setItem(SESSION_KEY, JSON.stringify(current));
  else sessionStorage.removeItem(SESSION_KEY);
}

function schedule(): void {
  clearTimeout(renewTimer);
  if (!current?.refreshToken) return;
  const wait = Math.max(0, current.expiresAt - RENEW_BEFORE_MS - Date.now());
  renewTimer = setTimeout(() => void renew(), Math.min(wait, 2 ** 31 - 1));
}

export function sessionFromTokens(tokens: TokenResponse): Session | undefined {
  const user = userFrom({ accessToken: tokens.access_token, idToken: tokens.id_token });
  if (!user) return undefined;
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    expiresAt: expiryOf(tokens.access_token, tokens.expires_in),
    user,
  };
}

export function setSession(session: Session | undefined): void {
  current = session;
  persist();
  schedule();
  publish();
}

export function getSession(): Session | undefined {
  if (current && current.expiresAt <= Date.now() && !current.refreshToken) {
    setSession(undefined);
  }
  return current;
}

export function onSession(listener: (session: Session | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Restores this tab's session after a reload; drops one that expired and cannot be renewed. */
export function restoreSession(): void {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return;
  try {
    const stored = JSON.parse(raw) as Session;
    if (typeof stored.accessToken !== 'string' || typeof stored.expiresAt !== 'number')
      throw new Error('shape');
    const user = userFrom(stored);
    if (!user) throw new Error('claims');
    current = { ...stored, user };
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return;
  }
  if (current.expiresAt <= Date.now() && !current.refreshToken) current = undefined;
  persist();
  schedule();
  if (current && current.expiresAt - RENEW_BEFORE_MS <= Date.now()) void renew();
}

/** Silent renewal with the (rotated) refresh token. Offline: waits for the `online` event. */
export function renew(): Promise<boolean> {
  const session = current;
  if (!session?.refreshToken) return Promise.resolve(false);
  if (!navigator.onLine) return Promise.resolve(false);
  renewing ??= refreshTokens(session.refreshToken)
    .then((tokens) => {
      if (current !== session) return false;
      const next = sessionFromTokens({
        ...tokens,
        refresh_token: tokens.refresh_token ?? session.refreshToken,
        id_token: tokens.id_token ?? session.idToken,
      });
      setSession(next);
      return next !== undefined;
    })
    .catch(() => {
      // A refused refresh (revoked, rotated elsewhere, expired): the user signs in again.
      if (current === session) setSession(undefined);
      return false;
    })
    .finally(() => (renewing = undefined));
  return renewing;
}

window.addEventListener('online', () => {
  if (current && current.expiresAt - RENEW_BEFORE_MS <= Date.now()) void renew();
});

/** What this console keeps in the browser beyond the session (language stays: it is not personal). */
const KEPT_KEYS = new Set(['aidflow.language']);

function clearBrowserState(): void {
  sessionStorage.clear();
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('aidflow.') && !KEPT_KEYS.has(key)) localStorage.removeItem(key);
  }
}

const signOutHooks = new Set<() => Promise<void> | void>();

/** Lets a workspace (e.g. the field app's offline store) clear what it keeps on sign-out. */
export function onSignOut(hook: () => Promise<void> | void): () => void {
  signOutHooks.add(hook);
  return () => signOutHooks.delete(hook);
}

let signOutGuard: (() => Promise<string | undefined>) | undefined;

/** A workspace that holds unsent work (the field queue) may refuse a sign-out: it returns a message key. */
export function setSignOutGuard(guard: () => Promise<string | undefined>): void {
  signOutGuard = guard;
}

/** Why signing out is refused right now (a message key), or undefined when it may proceed. */
export async function signOutRefusal(): Promise<string | undefined> {
  return signOutGuard ? signOutGuard().catch(() => 'field.signOut.refused') : undefined;
}

/**
 * Revokes the refresh and access tokens, forgets them everywhere, and leaves the page with
 * `location.replace`, so the back button cannot return to a page that showed data.
 */
export async function signOut(): Promise<void> {
  const session = current;
  setSession(undefined);
  clearBrowserState();
  await Promise.all([...signOutHooks].map(async (hook) => hook())).catch(() => undefined);
  if (session) {
    const tokens = [
      ...(session.refreshToken ? [{ token: session.refreshToken, hint: 'refresh_token' }] : []),
      { token: session.accessToken, hint: 'access_token' },
    ];
    await revokeTokens(tokens).catch(() => undefined);
  }
  const endSession = session ? await endSessionUrl(session.idToken) : undefined;
  location.replace(endSession ?? SIGNED_OUT_PATH);
}

export function hasRole(session: Session | undefined, ...roles: Role[]): boolean {
  return !!session && roles.some((role) => session.user.roles.includes(role));
}
