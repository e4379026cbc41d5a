import { ENVELOPE_HEADERS } from '@aidflow/contracts';
import { schemaOf } from '@aidflow/database';
import { Logger } from '@nestjs/common';
import { Message } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MessagingMetrics } from '../messaging.metrics';

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

export interface RelaySettings {
  batchSize: number;
  pollIntervalMs: number;
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

  /** Claims, publishes and marks one batch; returns the number published (0 = nothing ready). */
  async publishBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows = await this.claim(runner);
      if (rows.length > 0) {
        await this.send(rows);
        await this.settings.afterPublish?.(rows.map((r) => r.id));
        await runner.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
          rows.map((r) => r.seq),
        ]);
      }
      await runner.commitTransaction();
      for (const row of rows) this.metrics?.published.inc({ type: row.type });
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async claim(runner: QueryRunner): Promise<ClaimedRow[]> {
    const claimed = (await runner.query(
      // Order by the bigint column, not the text alias (which would sort '1000' before '801').
      `SELECT o.seq::text AS seq, o.id, o.topic, o.aggregate_id, o.type, o.version, o.envelope::text AS envelope,
              o.envelope->>'correlationId' AS correlation_id, o.envelope->>'producer' AS producer
         FROM outbox o WHERE o.published_at IS NULL
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
        WHERE o.published_at IS NULL AND o.seq < c.max_seq AND NOT (o.seq = ANY($3::bigint[]))`,
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
        headers: {
          [ENVELOPE_HEADERS.id]: row.id,
          [ENVELOPE_HEADERS.type]: row.type,
          [ENVELOPE_HEADERS.version]: String(row.version),
          [ENVELOPE_HEADERS.correlationId]: row.correlation_id,
          [ENVELOPE_HEADERS.producer]: row.producer,
        },
      });
      byTopic.set(topic, messages);
    }
    const producer = await this.kafka.producer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
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
