import { ALL_DLQ_TOPICS, DLQ_HEADERS, ENVELOPE_HEADERS } from '@aidflow/contracts';
import { KafkaConnection, SupervisedConsumer } from '@aidflow/messaging';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EachMessagePayload, IHeaders } from 'kafkajs';
import { OpsConfig } from '../config/ops.config';
import { AlertsService } from './alerts.service';

export const DLQ_CONSUMER_GROUP = 'ops-monitor-dlq';

/**
 * Reads every `.dlq` topic with a plain consumer (dead letters are not valid envelopes, so the
 * inbox cannot take them) and records each message once by topic/partition/offset.
 */
@Injectable()
export class DlqConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DlqConsumer');
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly alerts: AlertsService,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.OPS_DLQ_CONSUMER !== 'true') return;
    this.consumer = new SupervisedConsumer(this.kafka, {
      groupId: this.kafka.name(DLQ_CONSUMER_GROUP),
      subscription: { topics: ALL_DLQ_TOPICS.map((t) => this.kafka.name(t)), fromBeginning: true },
      // A failure here propagates: kafkajs does not commit the offset and redelivers the message.
      run: { eachMessage: (payload) => this.record(payload) },
    });
    await this.consumer.start();
  }

  private async record({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const header = (name: string): string | null => headerText(message.headers, name);
    const envelope = envelopeFields(message.value);
    const fresh = await this.alerts.recordDlq({
      topic: this.kafka.logical(topic),
      partition,
      offset: message.offset,
      originTopic: header(DLQ_HEADERS.originTopic),
      reason: header(DLQ_HEADERS.reason),
      error: header(DLQ_HEADERS.error),
      consumerGroup: header(DLQ_HEADERS.consumerGroup),
      eventType: header(ENVELOPE_HEADERS.type) ?? envelope.type,
      failedAt: header(DLQ_HEADERS.failedAt),
      value: message.value,
      key: message.key ? message.key.toString('utf8') : null,
      eventId: header(ENVELOPE_HEADERS.id) ?? envelope.id,
    });
    if (fresh) this.logger.warn(`dead letter recorded: ${topic}[${partition}]@${message.offset}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.consumer) return;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer.stop();
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/** Id and type from the value when a producer sent no envelope headers (null if it is not JSON). */
function envelopeFields(value: Buffer | null): { id: string | null; type: string | null } {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? 'null') as unknown;
    if (parsed && typeof parsed === 'object') {
      const { id, type } = parsed as { id?: unknown; type?: unknown };
      return {
        id: typeof id === 'string' ? id : null,
        type: typeof type === 'string' ? type : null,
      };
    }
  } catch {
    // a malformed message: its dead letter says so
  }
  return { id: null, type: null };
}
