import { MetricsService } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';

@Injectable()
export class MessagingMetrics {
  readonly published: Counter<'type'>;
  readonly consumed: Counter<'type' | 'group'>;
  readonly duplicates: Counter<'type' | 'group'>;
  readonly retried: Counter<'type' | 'group'>;
  readonly deadLettered: Counter<'reason' | 'group'>;
  readonly parked: Counter<'type'>;
  readonly pruned: Counter<'table'>;
  readonly consumerRestarts: Counter<'group' | 'by'>;

  constructor(metrics: MetricsService, dataSource: DataSource) {
    this.published = metrics.counter(
      'aidflow_events_published_total',
      'Events published from the outbox',
      ['type'],
    );
    this.consumed = metrics.counter(
      'aidflow_events_consumed_total',
      'Events processed by a consumer',
      ['type', 'group'],
    );
    this.duplicates = metrics.counter(
      'aidflow_events_duplicate_total',
      'Redelivered events skipped by the inbox',
      ['type', 'group'],
    );
    this.retried = metrics.counter(
      'aidflow_events_retried_total',
      'Handler attempts that failed and were retried',
      ['type', 'group'],
    );
    this.deadLettered = metrics.counter(
      'aidflow_events_dead_lettered_total',
      'Messages sent to a .dlq topic',
      ['reason', 'group'],
    );
    this.parked = metrics.counter(
      'aidflow_outbox_parked_total',
      'Outbox rows parked after too many refused sends',
      ['type'],
    );
    this.pruned = metrics.counter(
      'aidflow_messaging_pruned_total',
      'Outbox and inbox rows removed by retention',
      ['table'],
    );
    this.consumerRestarts = metrics.counter(
      'aidflow_consumer_restarts_total',
      'Consumers restarted after a crash (by kafkajs itself, or by the supervisor after a fatal one)',
      ['group', 'by'],
    );
    metrics.gauge(
      'aidflow_outbox_backlog',
      'Outbox rows not yet published (parked ones excluded)',
      [],
      async function () {
        const [row] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND parked_at IS NULL`,
        );
        this.set(row?.n ?? 0);
      },
    );
    metrics.gauge(
      'aidflow_outbox_parked',
      'Outbox rows parked and waiting for an operator',
      [],
      async function () {
        const [row] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox WHERE parked_at IS NOT NULL AND published_at IS NULL`,
        );
        this.set(row?.n ?? 0);
      },
    );
  }
}
