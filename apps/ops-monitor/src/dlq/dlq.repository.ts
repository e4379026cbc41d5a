import { updateReturning } from '@aidflow/database';
import { KeysetCursor } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface DlqRow {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  origin_topic: string | null;
  reason: string | null;
  error: string | null;
  consumer_group: string | null;
  event_type: string | null;
  event_id: string | null;
  failed_at: Date | null;
  received_at: Date;
  acknowledged_at: Date | null;
  replays: number;
  replayed_at: Date | null;
}

const COLUMNS = `id, topic, partition, "offset"::text AS "offset", origin_topic, reason, error, consumer_group,
  event_type, event_id, failed_at, received_at, acknowledged_at, replays, replayed_at`;

/** The dead letters ops-monitor recorded from the `.dlq` topics. */
@Injectable()
export class DlqRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(topic: string | undefined, limit: number, after?: KeysetCursor): Promise<DlqRow[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (topic) conditions.push(`topic = $${params.push(topic)}`);
    if (after) {
      conditions.push(
        `(received_at, id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    }
    return this.dataSource.query<DlqRow[]>(
      `SELECT ${COLUMNS} FROM dlq_message ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** The dead letter with its message bytes, locked for the replay's transaction. */
  async lockForReplay(
    manager: EntityManager,
    id: string,
  ): Promise<(DlqRow & { value: Buffer | null }) | undefined> {
    const [row] = await manager.query<(DlqRow & { value: Buffer | null })[]>(
      `SELECT ${COLUMNS}, value FROM dlq_message WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async markReplayed(manager: EntityManager, id: string, now: Date): Promise<DlqRow> {
    const [row] = await updateReturning<DlqRow>(
      manager,
      `UPDATE dlq_message SET replays = replays + 1, replayed_at = $2, acknowledged_at = coalesce(acknowledged_at, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, now],
    );
    return row;
  }
}
