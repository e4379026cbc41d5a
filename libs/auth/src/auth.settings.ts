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
