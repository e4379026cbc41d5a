import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

/** Settings every service reads. Defaults run the embedded (single machine) mode. */
export class BaseServiceConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/aidflow';

  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** Run pending migrations at start-up (embedded/dev); in production run `npm run migrate`. */
  @IsIn(['true', 'false'])
  MIGRATIONS_RUN = 'true';

  /** Comma-separated host:port list; empty → the local broker started by infra/kafka/local-broker. */
  @IsString()
  KAFKA_BROKERS = '';

  /** Prefix for every topic and consumer group (isolates environments and test runs). */
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX = '';

  @IsInt()
  @Min(1)
  @Max(100)
  KAFKA_TOPIC_PARTITIONS = 4;

  /** How long a fetch waits for data; the local broker always waits this long when idle. */
  @IsInt()
  @Min(1)
  @Max(30000)
  KAFKA_MAX_WAIT_MS = 100;

  @IsInt()
  @Min(3000)
  @Max(300000)
  KAFKA_SESSION_TIMEOUT_MS = 10000;

  @IsInt()
  @Min(100)
  @Max(60000)
  KAFKA_HEARTBEAT_INTERVAL_MS = 1000;

  @IsInt()
  @Min(1)
  @Max(100)
  MAX_ATTEMPTS = 5;

  @IsInt()
  @Min(0)
  @Max(60000)
  RETRY_BACKOFF_MS = 200;

  @IsInt()
  @Min(1)
  @Max(5000)
  OUTBOX_BATCH_SIZE = 100;

  @IsInt()
  @Min(5)
  @Max(60000)
  OUTBOX_POLL_MS = 250;

  @IsIn(['true', 'false'])
  OUTBOX_RELAY_ENABLED = 'true';

  /** Test only (npm run chaos -- --broken-inbox): the inbox applies redeliveries again; refused in production. */
  @IsIn(['true', 'false'])
  INBOX_SKIP_DEDUP = 'false';

  /** Test only (the fault suite): while this file exists, a relay deletes it and dies between publish and mark; refused in production. */
  @IsString()
  OUTBOX_CRASH_AFTER_PUBLISH_FILE = '';

  /** Refused sends of one outbox row before it is parked (metric, .dlq notice, dlq alert). */
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_MAX_ATTEMPTS = 10;

  /** Larger envelopes are refused before sending; keep at or below the broker's message.max.bytes. */
  @IsInt()
  @Min(1024)
  @Max(100_000_000)
  OUTBOX_MAX_MESSAGE_BYTES = 1_000_000;

  /** Published outbox rows and inbox ids are kept this long; must exceed the longest redelivery (README). */
  @IsInt()
  @Min(1)
  @Max(3650)
  MESSAGING_RETENTION_DAYS = 7;

  /** How often one replica (a lease) prunes the outbox and inbox; 0 = never. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  MESSAGING_PRUNE_INTERVAL_MS = 3_600_000;

  @IsString()
  @IsNotEmpty()
  AUTH_JWT_SECRET = 'aidflow-dev-secret';

  /** The identity provider's JWKS: its RS256/ES256 tokens are verified here (required in production). */
  @IsString()
  AUTH_JWKS_URL = '';

  /** Required `iss` of the provider's tokens (e.g. http://localhost:3000/oidc); empty = not checked. */
  @IsString()
  AUTH_ISSUER = '';

  /** Required `aud` of the provider's access tokens (e.g. urn:aidflow:api); empty = not checked. */
  @IsString()
  AUTH_AUDIENCE = '';

  /** The provider's list of revoked sign-ins (embedded: …/oidc/revocations); empty = not checked. */
  @IsString()
  AUTH_REVOCATIONS_URL = '';

  /** How often that list is fetched: a revoked access token works at most this long (plus a fetch). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUTH_REVOCATIONS_POLL_MS = 2000;

  /** A list this old (provider unreachable) refuses every provider token with 503. */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  AUTH_REVOCATIONS_MAX_STALE_MS = 30_000;

  /**
   * Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback/linklocal/uniquelocal):
   * the client address is the first one not in this list, so a client cannot pick its own.
   */
  @IsString()
  @Matches(/^[0-9a-zA-Z.:/,\s]+$/, {
    message: 'must be a comma-separated list of addresses, CIDRs or names',
  })
  TRUST_PROXY = 'loopback,uniquelocal';

  /** Deeper JSON is refused with 400 before validation (no contract body nests past ~6). */
  @IsInt()
  @Min(4)
  @Max(1000)
  JSON_MAX_DEPTH = 32;

  @IsIn(['true', 'false'])
  RATE_LIMIT_ENABLED = 'true';

  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /** Per window, whole deployment: requests from one address without a valid token. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ANONYMOUS_MAX = 120;

  /** Per window, whole deployment: writes by one user (a field device syncs a batch in one). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_WRITES_PER_USER_MAX = 300;

  /** Replicas of this service: each enforces ceil(max / replicas) of every budget (README, Limits). */
  @IsInt()
  @Min(1)
  @Max(1000)
  RATE_LIMIT_REPLICAS = 1;

  /** Ed25519 key sealing the audit log: 64 hex (openssl rand -hex 32) or PEM; empty = dev key, refused in production. */
  @IsString()
  AUDIT_SIGNING_KEY = '';

  @IsIn(['true', 'false'])
  AUDIT_SEALER_ENABLED = 'true';

  @IsInt()
  @Min(10)
  @Max(60000)
  AUDIT_SEAL_INTERVAL_MS = 200;

  @IsInt()
  @Min(1)
  @Max(10000)
  AUDIT_SEAL_BATCH_SIZE = 1000;

  /** A sealer that has not renewed its lease for this long is replaced by a standby replica. */
  @IsInt()
  @Min(1000)
  @Max(600000)
  AUDIT_SEALER_LEASE_MS = 5000;
}
