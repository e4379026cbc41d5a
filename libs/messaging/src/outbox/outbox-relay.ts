import { DLQ_HEADERS, dlqTopic, ENVELOPE_HEADERS, TopicName } from '@aidflow/contracts';
import { schemaOf, updateReturning } from '@aidflow/database';
import { Logger } from '@nestjs/common';
import { Message } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MessagingMetrics } from '../messaging.metrics';

const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;
const MAX_RETRY_BACKOFF_MS = 300_000;

interface ClaimedRow {
  seq: string;
  id: string;
  topic: string;
  aggregate_id: string;
  type: string;
  version: number;
  envelope: string;
  correlation_id: string;
  producer: string;
}

interface ParkedRow extends ClaimedRow {
  attempts: number;
  last_error: string | null;
}

export interface RelaySettings {
  batchSize: number;
  pollIntervalMs: number;
  /** Failed sends of one row before it is parked (left for an operator while the rows behind it flow). */
  maxAttempts?: number;
  /** Wait before a row that failed is tried again; doubles per attempt, at most five minutes. */
  retryBackoffMs?: number;
  /** Envelopes larger than this are refused before sending, as the broker's message.max.bytes would. */
  maxMessageBytes?: number;
  /** Test seam: runs after a batch is published and before it is marked (a crash there). */
  afterPublish?: (eventIds: string[]) => Promise<void>;
}

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published.
 * Several relays may run at once: rows are claimed with FOR UPDATE SKIP LOCKED, and a row waits
 * while an older unpublished row of the same aggregate is held by another relay, so each
 * aggregate's events reach Kafka in commit order. A crash after publishing and before marking
 * republishes the batch: consumers' inboxes absorb the duplicates.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A commit was notified while a batch was being published: do not sleep before the next. */
  private notified = false;
  private listener?: Client;
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly settings: RelaySettings,
    private readonly metrics?: MessagingMetrics,
  ) {
    this.schema = schemaOf(dataSource);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Publishes until the outbox is drained; returns how many events were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published === 0) return total;
    }
  }

  /**
   * Claims, publishes and marks one batch; returns the number published (0 = nothing ready).
   * When the batch is refused, its rows are sent one by one: a row the broker refuses has its
   * attempt counted (and is parked after maxAttempts) while the others are published; a later
   * row of the same aggregate waits, so each aggregate stays in order until its row is parked.
   * The broker being unreachable is nobody's fault: nothing is counted and the batch is retried.
   */
  async publishBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let parked: ParkedRow[] = [];
    let published: ClaimedRow[] = [];
    let outage: Error | undefined;
    try {
      await runner.startTransaction();
      const rows = await this.claim(runner);
      if (rows.length > 0) {
        const result = await this.sendAll(rows);
        published = result.published;
        outage = result.outage;
        await this.settings.afterPublish?.(published.map((r) => r.id));
        if (published.length > 0) {
          await runner.query(
            `UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`,
            [published.map((r) => r.seq)],
          );
        }
        parked = await this.countFailures(runner, result.failed);
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    for (const row of published) this.metrics?.published.inc({ type: row.type });
    for (const row of parked) await this.reportParked(row);
    if (outage && published.length === 0) throw outage;
    return published.length;
  }

  /** Sends the batch at once, or row by row when the broker refuses it. */
  private async sendAll(rows: ClaimedRow[]): Promise<{
    published: ClaimedRow[];
    failed: { row: ClaimedRow; error: unknown }[];
    outage?: Error;
  }> {
    const maxBytes = this.settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (rows.every((row) => Buffer.byteLength(row.envelope) <= maxBytes)) {
      try {
        await this.send(rows);
        return { published: rows, failed: [] };
      } catch (error) {
        if (isOutage(error)) return { published: [], failed: [], outage: error };
      }
    }
    const published: ClaimedRow[] = [];
    const failed: { row: ClaimedRow; error: unknown }[] = [];
    const failedAggregates = new Set<string>();
    for (const row of rows) {
      if (failedAggregates.has(row.aggregate_id)) continue; // waits behind its aggregate's failed row
      try {
        const bytes = Buffer.byteLength(row.envelope);
        if (bytes > maxBytes) {
          throw new Error(`message of ${bytes} bytes exceeds the ${maxBytes}-byte limit`);
        }
        await this.send([row]);
        published.push(row);
      } catch (error) {
        if (isOutage(error)) return { published, failed, outage: error };
        failedAggregates.add(row.aggregate_id);
        failed.push({ row, error });
      }
    }
    return { published, failed };
  }

  /** Records each refused row's attempt and error, parks those out of attempts; returns them. */
  private async countFailures(
    runner: QueryRunner,
    failed: { row: ClaimedRow; error: unknown }[],
  ): Promise<ParkedRow[]> {
    if (failed.length === 0) return [];
    const maxAttempts = this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const backoff = this.settings.retryBackoffMs ?? this.settings.pollIntervalMs;
    const returned = await updateReturning<ParkedRow & { parked: boolean }>(
      runner.manager,
      `UPDATE outbox o
          SET attempts = o.attempts + 1,
              last_error = f.error,
              next_attempt_at = now() + least($3::double precision * 2 ^ o.attempts, $4::double precision) * interval '1 millisecond',
              parked_at = CASE WHEN o.attempts + 1 >= $5 THEN now() END
         FROM unnest($1::bigint[], $2::text[]) AS f(seq, error)
        WHERE o.seq = f.seq
      RETURNING o.seq::text AS seq, o.id, o.topic, o.type, o.version, o.attempts, o.last_error,
                o.parked_at IS NOT NULL AS parked, o.envelope::text AS envelope,
                o.envelope->>'correlationId' AS correlation_id, o.envelope->>'producer' AS producer,
                o.aggregate_id`,
      [
        failed.map((f) => f.row.seq),
        failed.map((f) => describe(f.error).slice(0, 2000)),
        backoff,
        MAX_RETRY_BACKOFF_MS,
        maxAttempts,
      ],
    );
    for (const row of returned) {
      if (!row.parked) {
        this.logger.warn(
          `outbox row ${row.id} (${row.type}) refused, attempt ${row.attempts}: ${row.last_error}`,
        );
      }
    }
    return returned.filter((row) => row.parked);
  }

  /**
   * A parked row is counted and announced on its topic's .dlq (ops-monitor lists it and raises
   * the topic's dlq alert). The notice carries the envelope when it fits, else no value.
   */
  private async reportParked(row: ParkedRow): Promise<void> {
    this.metrics?.parked.inc({ type: row.type });
    this.logger.error(
      `outbox row ${row.id} (${row.type}) parked after ${row.attempts} attempts: ${row.last_error}`,
    );
    const maxBytes = this.settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    try {
      const producer = await this.kafka.producer();
      await producer.send({
        topic: this.kafka.name(dlqTopic(row.topic as TopicName)),
        acks: -1,
        messages: [
          {
            key: row.aggregate_id,
            value: Buffer.byteLength(row.envelope) <= maxBytes ? row.envelope : null,
            headers: {
              ...this.envelopeHeaders(row),
              [DLQ_HEADERS.reason]: 'unpublishable',
              [DLQ_HEADERS.error]: (row.last_error ?? '').slice(0, 2000),
              [DLQ_HEADERS.attempts]: String(row.attempts),
              [DLQ_HEADERS.originTopic]: this.kafka.name(row.topic),
              [DLQ_HEADERS.originPartition]: '-1',
              [DLQ_HEADERS.originOffset]: '-1',
              [DLQ_HEADERS.consumerGroup]: 'outbox-relay',
              [DLQ_HEADERS.failedAt]: new Date().toISOString(),
            },
          },
        ],
      });
    } catch (error) {
      // The row stays parked and counted in aidflow_outbox_parked; only the notice is lost.
      this.logger.error(`could not announce parked outbox row ${row.id}: ${describe(error)}`);
    }
  }

  private async claim(runner: QueryRunner): Promise<ClaimedRow[]> {
    const claimed = (await runner.query(
      // Order by the bigint column, not the text alias (which would sort '1000' before '801').
      `SELECT o.seq::text AS seq, o.id, o.topic, o.aggregate_id, o.type, o.version, o.envelope::text AS envelope,
              o.envelope->>'correlationId' AS correlation_id, o.envelope->>'producer' AS producer
         FROM outbox o
        WHERE o.published_at IS NULL AND o.parked_at IS NULL
          AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
        ORDER BY o.seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.settings.batchSize],
    )) as ClaimedRow[];
    if (claimed.length === 0) return claimed;
    // An aggregate whose older unpublished row we did not claim (another relay holds it) waits.
    const maxSeqByAggregate = new Map<string, string>();
    for (const row of claimed) maxSeqByAggregate.set(row.aggregate_id, row.seq);
    const blocked = (await runner.query(
      `SELECT DISTINCT o.aggregate_id
         FROM outbox o
         JOIN unnest($1::text[], $2::bigint[]) AS c(aggregate_id, max_seq) ON c.aggregate_id = o.aggregate_id
        WHERE o.published_at IS NULL AND o.parked_at IS NULL AND o.seq < c.max_seq
          AND NOT (o.seq = ANY($3::bigint[]))`,
      [[...maxSeqByAggregate.keys()], [...maxSeqByAggregate.values()], claimed.map((r) => r.seq)],
    )) as { aggregate_id: string }[];
    if (blocked.length === 0) return claimed;
    const waiting = new Set(blocked.map((b) => b.aggregate_id));
    return claimed.filter((row) => !waiting.has(row.aggregate_id));
  }

  private async send(rows: ClaimedRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const topic = this.kafka.name(row.topic);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: row.aggregate_id,
        value: row.envelope,
        headers: this.envelopeHeaders(row),
      });
      byTopic.set(topic, messages);
    }
    const producer = await this.kafka.producer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  private envelopeHeaders(row: Omit<ClaimedRow, 'seq'>): Record<string, string> {
    return {
      [ENVELOPE_HEADERS.id]: row.id,
      [ENVELOPE_HEADERS.type]: row.type,
      [ENVELOPE_HEADERS.version]: String(row.version),
      [ENVELOPE_HEADERS.correlationId]: row.correlation_id,
      [ENVELOPE_HEADERS.producer]: row.producer,
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published < this.settings.batchSize) await this.idle(this.settings.pollIntervalMs);
      } catch (error) {
        // The rows stay in the outbox and are retried; nothing is lost by waiting.
        failures += 1;
        this.logger.error(`outbox relay failed (attempt ${failures}): ${(error as Error).message}`);
        await this.idle(Math.min(30000, this.settings.pollIntervalMs * 2 ** Math.min(failures, 8)));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    const client = new Client({ connectionString: url });
    client.on('error', (error) => {
      // Polling still runs; only the early wake-up is lost until the next restart.
      this.logger.warn(`outbox listener lost: ${error.message}`);
    });
    await client.connect();
    client.on('notification', (message) => {
      if (message.payload !== this.schema) return;
      this.notified = true;
      this.wake?.();
    });
    await client.query('LISTEN aidflow_outbox');
    this.listener = client;
  }
}

const OUTAGE_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

/** The broker unreachable (not this message's fault): looks through kafkajs's retry wrappers. */
function isOutage(error: unknown): error is Error {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (OUTAGE_ERRORS.has(current.name)) return true;
    const wrapped = current as { originalError?: unknown; cause?: unknown };
    current = wrapped.originalError ?? wrapped.cause;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
