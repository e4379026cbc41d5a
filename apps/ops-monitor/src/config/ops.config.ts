import { BaseServiceConfig } from '@aidflow/platform';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

export const SERVICE_NAME = 'ops-monitor';

/** ops-monitor settings: the shared ones plus its port, schema, stream and alert thresholds. */
export class OpsConfig extends BaseServiceConfig {
  override PORT = 3104;

  /** The PostgreSQL schema holding every table this service owns. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  DB_SCHEMA = 'ops';

  /** Logical consumer groups whose lag is reported (KAFKA_TOPIC_PREFIX is applied to each). */
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]+(,[a-zA-Z0-9._-]+)*$/, {
    message: 'must be a comma-separated list of consumer group names',
  })
  OPS_CONSUMER_GROUPS = 'incident-intake,fund-allocation,welfare-visit,ops-monitor';

  /** A disbursement waiting for approval longer than this (hours) raises `approval_age`. */
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  ALERT_APPROVAL_AGE_H = 24;

  /** An approved disbursement not delivered after this many days raises `delivery_age`. */
  @IsInt()
  @Min(1)
  @Max(365)
  ALERT_DELIVERY_AGE_D = 3;

  /** A cash advance issued this many days ago and not settled raises `advance_age`. */
  @IsInt()
  @Min(1)
  @Max(365)
  ALERT_ADVANCE_AGE_D = 7;

  /** A site with no visit this many hours after registration raises `site_unvisited`. */
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  ALERT_SITE_UNVISITED_H = 48;

  /** A consumer group's lag on one topic above this many messages raises `consumer_lag`. */
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  ALERT_LAG = 1000;

  /** How often the alert evaluator runs; 0 turns the timer off (tests call it directly). */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ALERT_EVAL_INTERVAL_MS = 30000;

  /** Consume the `.dlq` topics to raise `dlq` alerts. */
  @IsIn(['true', 'false'])
  OPS_DLQ_CONSUMER = 'true';

  /** SSE comment line interval that keeps proxies from closing an idle stream. */
  @IsInt()
  @Min(100)
  @Max(300000)
  STREAM_HEARTBEAT_MS = 15000;

  /** Events a slow SSE client may have queued before it is dropped. */
  @IsInt()
  @Min(1)
  @Max(100000)
  STREAM_CLIENT_BUFFER = 1000;

  /** How often the stream hub looks for newly committed rows in event_log while clients listen. */
  @IsInt()
  @Min(10)
  @Max(10000)
  STREAM_POLL_MS = 200;

  /** Open SSE streams one user may hold across the deployment (each replica allows floor(this / RATE_LIMIT_REPLICAS)). */
  @IsInt()
  @Min(1)
  @Max(1000)
  STREAMS_PER_USER = 5;
}

/** The configured consumer groups, trimmed and de-duplicated. */
export function consumerGroups(config: Pick<OpsConfig, 'OPS_CONSUMER_GROUPS'>): string[] {
  return [...new Set(config.OPS_CONSUMER_GROUPS.split(',').map((g) => g.trim()))].filter(Boolean);
}
