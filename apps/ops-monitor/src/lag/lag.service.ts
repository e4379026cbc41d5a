import { ALL_TOPICS } from '@aidflow/contracts';
import { KafkaConnection } from '@aidflow/messaging';
import { MetricsService } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { consumerGroups, OpsConfig } from '../config/ops.config';

export interface PartitionLag {
  partition: number;
  /** null: the group has committed nothing on this partition yet (it would start at the low watermark). */
  committedOffset: number | null;
  highWatermark: number;
  lag: number;
}

export interface TopicLag {
  topic: string;
  lag: number;
  partitions: PartitionLag[];
}

export interface GroupLag {
  /** Logical name (without the topic prefix). */
  group: string;
  lag: number;
  /** Only the topics the group has committed offsets on: those are the topics it reads. */
  topics: TopicLag[];
}

export interface LagReport {
  computedAt: string;
  groups: GroupLag[];
}

interface Watermarks {
  high: number;
  low: number;
}

/**
 * Committed offset, high-water mark and lag for every configured consumer group, per topic and
 * partition. Uses only the admin calls the local broker implements (fetchOffsets,
 * fetchTopicOffsets): describeGroups/listGroups are not available there.
 */
@Injectable()
export class LagService {
  private readonly gauge: Gauge<'group' | 'topic' | 'partition'>;

  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
    metrics: MetricsService,
  ) {
    this.gauge = metrics.gauge(
      'aidflow_consumer_lag',
      'Messages a consumer group has yet to commit, per partition',
      ['group', 'topic', 'partition'],
    );
  }

  async compute(now: Date = new Date()): Promise<LagReport> {
    const admin = await this.kafka.admin();
    const watermarks = new Map<string, Map<number, Watermarks>>();
    for (const topic of ALL_TOPICS) {
      const offsets = await admin.fetchTopicOffsets(this.kafka.name(topic));
      watermarks.set(
        topic,
        new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }])),
      );
    }

    const groups: GroupLag[] = [];
    for (const group of consumerGroups(this.config)) {
      const committed = await admin.fetchOffsets({
        groupId: this.kafka.name(group),
        topics: ALL_TOPICS.map((t) => this.kafka.name(t)),
      });
      const topics: TopicLag[] = [];
      for (const entry of committed) {
        if (entry.partitions.every((p) => Number(p.offset) < 0)) continue;
        const topic = this.kafka.logical(entry.topic);
        const marks = watermarks.get(topic) ?? new Map<number, Watermarks>();
        const partitions = entry.partitions
          .map((p): PartitionLag => {
            const mark = marks.get(p.partition) ?? { high: 0, low: 0 };
            const offset = Number(p.offset);
            const committedOffset = offset < 0 ? null : offset;
            return {
              partition: p.partition,
              committedOffset,
              highWatermark: mark.high,
              lag: Math.max(0, mark.high - (committedOffset ?? mark.low)),
            };
          })
          .sort((a, b) => a.partition - b.partition);
        topics.push({ topic, lag: sum(partitions.map((p) => p.lag)), partitions });
      }
      topics.sort((a, b) => a.topic.localeCompare(b.topic));
      groups.push({ group, lag: sum(topics.map((t) => t.lag)), topics });
    }
    this.updateGauge(groups);
    return { computedAt: now.toISOString(), groups };
  }

  private updateGauge(groups: GroupLag[]): void {
    // Reset first: a partition the group stopped reading must not keep reporting its old lag.
    this.gauge.reset();
    for (const g of groups) {
      for (const t of g.topics) {
        for (const p of t.partitions) {
          this.gauge.set({ group: g.group, topic: t.topic, partition: String(p.partition) }, p.lag);
        }
      }
    }
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
