export const DEV_JWT_SECRET = 'aidflow-dev-secret';
/** HS256 keys shorter than the hash output weaken the MAC (RFC 7518 §3.2). */
export const MIN_JWT_SECRET_BYTES = 32;

export interface AuthSettings {
  /** HS256 secret (AUTH_JWT_SECRET) of dev tokens; never used in production. */
  jwtSecret: string;
  /** Identity provider's JWKS (AUTH_JWKS_URL): RS256/ES256 tokens verified against it instead. */
  jwksUrl?: string;
  nodeEnv: 'development' | 'test' | 'production';
  issuer?: string;
  audience?: string;
  /** Minimum time between JWKS refetches triggered by an unknown `kid` (default 30 s). */
  jwksCooldownMs?: number;
  /** How long fetched JWKS keys are trusted before a refetch (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** Allowed clock skew for exp/nbf, in seconds (default 5). */
  clockToleranceSec?: number;
  /**
   * The provider's list of revoked sign-ins (AUTH_REVOCATIONS_URL, the embedded provider's
   * /oidc/revocations): provider tokens whose `gid` is on it are refused. Unset: not checked.
   */
  revocationsUrl?: string;
  /** How often the list is fetched (default 2 s): the bound on how long a revoked token still works. */
  revocationsPollMs?: number;
  /** A list older than this refuses every provider token with 503 (default 30 s). */
  revocationsMaxStaleMs?: number;
}

export const AUTH_SETTINGS = Symbol('aidflow:auth-settings');

export class UnsafeAuthSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeAuthSettingsError';
  }
}

/** Refuses production start-up without an identity provider's JWKS: HS256 tokens are for development. */
export function assertAuthSettingsSafe(settings: AuthSettings): void {
  if (settings.nodeEnv !== 'production' || settings.jwksUrl) return;
  throw new UnsafeAuthSettingsError(
    'refusing to start in production without AUTH_JWKS_URL: HS256 (AUTH_JWT_SECRET) tokens are for development and tests only',
  );
}
