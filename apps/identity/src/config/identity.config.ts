import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

/** The identity app's settings (validated once at boot; every default works on one machine). */
export class IdentityConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3105;

  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/aidflow';

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DB_SCHEMA = 'identity';

  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE = 5;

  /** The issuer as browsers and services see it: the public origin + /oidc. */
  @Matches(/^https?:\/\/[^/]+\/oidc$/, { message: 'must be http(s)://host[:port]/oidc' })
  IDENTITY_ISSUER = 'http://localhost:3000/oidc';

  /** The console's client id (the console reads it from GET /auth/config). */
  @Matches(/^[a-z0-9-]+$/)
  OIDC_CLIENT_ID = 'aidflow-console';

  /** Audience (resource indicator) of the access tokens; services check it (AUTH_AUDIENCE). */
  @IsString()
  @IsNotEmpty()
  IDENTITY_AUDIENCE = 'urn:aidflow:api';

  /** Where the signing keys and cookie secrets live (created at first start, mode 0600). */
  @IsString()
  @IsNotEmpty()
  IDENTITY_KEYS_DIR = 'tmp/identity';

  /** At least 2 minutes: the console renews a minute before expiry, a shorter life would renew non-stop. */
  @IsInt()
  @Min(120)
  @Max(3600)
  ACCESS_TOKEN_TTL_S = 300;

  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_S = 43_200;

  /** Users seeded at start: `dev` (one per role), `maduo` (the scenario's); refused in production. */
  @Matches(/^((dev|maduo)(,(dev|maduo))*)?$/)
  IDENTITY_SEED = 'dev';

  /** Org of the dev users. */
  @Matches(/^[A-Z0-9-]+$/)
  START_ORG_CODE = 'ACFTU';

  /** Failed sign-ins per username and address before the lockout. */
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @IsInt()
  @Min(1000)
  LOGIN_LOCKOUT_MS = 900_000;

  @IsString()
  LOG_LEVEL = 'info';
}
