import { AuditService } from '@aidflow/audit';
import { ALL_TOPICS, dlqTopic, parseEvent } from '@aidflow/contracts';
import { OutboxService } from '@aidflow/messaging';
import {
  conflict,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  notFound,
  Page,
  unprocessable,
} from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { DlqRepository, DlqRow } from './dlq.repository';
import { ListDlqQuery } from './dto/list-dlq.query';

export interface DeadLetterView {
  id: string;
  /** The dead-letter topic and the topic a replay goes to. */
  topic: string;
  originTopic: string | null;
  partition: number;
  offset: string;
  reason: string | null;
  /** The start of the failure's message (it may quote payload values, so only the start is kept). */
  error: string | null;
  consumerGroup: string | null;
  eventType: string | null;
  eventId: string | null;
  failedAt: string | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  replays: number;
  replayedAt: string | null;
}

/**
 * Dead letters: listed as ops-monitor recorded them, and replayed through ops-monitor's own
 * outbox to the origin topic with the event unchanged (same id), so each consumer's inbox applies
 * it at most once: the group that gave up on it gets another chance, the others skip it.
 */
@Injectable()
export class DlqService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DlqRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
  ) {}

  async list(query: ListDlqQuery): Promise<Page<DeadLetterView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const topic = query.topic === undefined ? undefined : asDlqTopic(query.topic);
    const rows = await this.repository.list(topic, limit + 1, decodeCursor(query.cursor));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toView),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ at: last.received_at, id: last.id }) : null,
    };
  }

  async replay(id: string, now: Date = new Date()): Promise<DeadLetterView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lockForReplay(manager, id);
      if (!row) throw notFound('dead letter');
      const origin = ALL_TOPICS.find((t) => dlqTopic(t) === row.topic);
      if (!origin) throw conflict(`${row.topic} is not the dead-letter topic of a known topic`);
      if (!row.value)
        throw conflict(
          'the dead letter carries no message to replay (it was too large or recorded before replay existed)',
        );
      // An inbox forgets event ids after the retention window: older events could apply twice.
      const windowMs = this.config.MESSAGING_RETENTION_DAYS * 86_400_000;
      if (row.received_at.getTime() < now.getTime() - windowMs) {
        throw conflict(
          `dead letters older than ${this.config.MESSAGING_RETENTION_DAYS} days are not replayed: the consumers' inboxes no longer remember them`,
        );
      }
      const parsed = parseEvent(row.value);
      if (!parsed.ok) {
        throw unprocessable(
          `the message is still not a valid event (${parsed.reason}): fix its producer or the contract, then replay`,
          parsed.errors.map((e) => ({ field: e.field, problem: e.problem })),
        );
      }
      await this.outbox.republish(manager, parsed.event);
      const replayed = await this.repository.markReplayed(manager, id, now);
      await this.audit.record(manager, {
        action: 'dlq.replay',
        targetType: 'dead_letter',
        targetId: id,
        summary: {
          topic: origin,
          eventId: parsed.event.id,
          eventType: parsed.event.type,
          replays: replayed.replays,
        },
      });
      return toView(replayed);
    });
  }
}

function asDlqTopic(topic: string): string {
  return topic.endsWith('.dlq') ? topic : `${topic}.dlq`;
}

function toView(row: DlqRow): DeadLetterView {
  return {
    id: row.id,
    topic: row.topic,
    originTopic: ALL_TOPICS.find((t) => dlqTopic(t) === row.topic) ?? row.origin_topic,
    partition: row.partition,
    offset: row.offset,
    reason: row.reason,
    error: row.error,
    consumerGroup: row.consumer_group,
    eventType: row.event_type,
    eventId: row.event_id,
    failedAt: row.failed_at ? row.failed_at.toISOString() : null,
    receivedAt: row.received_at.toISOString(),
    acknowledgedAt: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
    replays: row.replays,
    replayedAt: row.replayed_at ? row.replayed_at.toISOString() : null,
  };
}
