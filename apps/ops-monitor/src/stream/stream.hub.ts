import { MetricsService } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { LoggedEvent, SseClient, SseSink, StreamFilter } from './sse-client';

interface LogRow {
  seq: string;
  type: string;
  incident_id: string | null;
  org_code: string | null;
  envelope: unknown;
}

const PAGE = 500;

/**
 * Fans committed event_log rows out to SSE clients. It follows the log (seq order is commit
 * order, see ProjectionsService.log) rather than hooking the consumer, so the consumer never
 * waits for a client and a client never sees an event whose transaction rolled back.
 */
@Injectable()
export class StreamHub implements OnModuleDestroy {
  private readonly logger = new Logger('StreamHub');
  private readonly clients = new Set<SseClient>();
  private head = 0;
  private started?: Promise<void>;
  private pollTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private polling = false;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
    metrics: MetricsService,
  ) {
    const clients = this.clients;
    metrics.gauge('aidflow_stream_clients', 'Connected SSE clients', [], function () {
      this.set(clients.size);
    });
    this.dropped = metrics.counter(
      'aidflow_stream_clients_dropped_total',
      'SSE clients dropped for falling behind',
      ['reason'],
    );
  }

  /** Registers a client; replays the log after `lastEventId` first when given. */
  async connect(sink: SseSink, filter: StreamFilter, lastEventId?: number): Promise<SseClient> {
    await this.start();
    const client = new SseClient(sink, filter, this.config.STREAM_CLIENT_BUFFER, (c, reason) => {
      this.clients.delete(c);
      if (reason === 'slow_client') {
        this.dropped.inc({ reason });
        this.logger.warn(
          `dropped a slow stream client (${this.config.STREAM_CLIENT_BUFFER} events queued)`,
        );
      }
      if (this.clients.size === 0) this.stop();
    });
    client.preamble(`retry: 3000\n: connected\n\n`);
    // Everything up to `until` comes from the replay; everything after it is offered live.
    const until = this.head;
    this.clients.add(client);
    if (lastEventId !== undefined && lastEventId < until) {
      client.startReplay();
      try {
        await this.replay(client, lastEventId, until);
      } finally {
        client.endReplay();
      }
    }
    return client;
  }

  async onModuleDestroy(): Promise<void> {
    for (const client of [...this.clients]) client.close('shutdown');
    this.stop();
  }

  private async replay(client: SseClient, after: number, until: number): Promise<void> {
    const { filter } = client;
    let cursor = after;
    while (cursor < until && !client.isClosed) {
      const params: unknown[] = [cursor, until];
      const conditions = [`seq > $1`, `seq <= $2`];
      if (filter.types.size > 0)
        conditions.push(`type = ANY($${params.push([...filter.types])}::text[])`);
      if (filter.incidentId) conditions.push(`incident_id = $${params.push(filter.incidentId)}`);
      conditions.push(
        `(org_code IS NULL OR org_code = ANY($${params.push([...filter.orgCodes])}::text[]))`,
      );
      // event_log.seq, not the text column of the same name: '10' sorts before '9'.
      const rows = await this.dataSource.query<LogRow[]>(
        `SELECT seq::text, type, incident_id, org_code, envelope FROM event_log
          WHERE ${conditions.join(' AND ')} ORDER BY event_log.seq LIMIT ${PAGE}`,
        params,
      );
      for (const row of rows) {
        if (!(await client.replay(toEvent(row)))) return;
      }
      if (rows.length < PAGE) return;
      cursor = toEvent(rows[rows.length - 1]).seq;
    }
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const [row] = await this.dataSource.query<{ seq: string | null }[]>(
        `SELECT max(seq)::text AS seq FROM event_log`,
      );
      this.head = row?.seq ? Number(row.seq) : 0;
      this.pollTimer = setInterval(() => void this.poll(), this.config.STREAM_POLL_MS);
      this.heartbeatTimer = setInterval(() => {
        for (const client of this.clients) client.heartbeat();
      }, this.config.STREAM_HEARTBEAT_MS);
    })();
    return this.started;
  }

  private stop(): void {
    if (this.clients.size > 0) return;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = undefined;
    this.heartbeatTimer = undefined;
    this.started = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.started) return;
    this.polling = true;
    try {
      for (;;) {
        const rows = await this.dataSource.query<LogRow[]>(
          `SELECT seq::text, type, incident_id, org_code, envelope FROM event_log
            WHERE seq > $1 ORDER BY event_log.seq LIMIT ${PAGE}`,
          [this.head],
        );
        for (const row of rows) {
          const event = toEvent(row);
          this.head = event.seq;
          for (const client of this.clients) client.offer(event);
        }
        if (rows.length < PAGE) return;
      }
    } catch (error) {
      // The next tick reads from the same head: nothing is skipped.
      this.logger.warn(
        `stream poll failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.polling = false;
    }
  }
}

function toEvent(row: LogRow): LoggedEvent {
  return {
    seq: Number(row.seq),
    type: row.type,
    incidentId: row.incident_id,
    orgCode: row.org_code,
    envelope: row.envelope,
  };
}
