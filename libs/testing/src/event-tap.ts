import {
  ALL_TOPICS,
  createEvent,
  EventPayloads,
  EventType,
  parseEvent,
  topicOf,
  TOPICS,
  TypedEvent,
} from '@aidflow/contracts';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { eventually, testBrokers } from './test-env';

export interface TappedMessage {
  topic: string;
  partition: number;
  key: string | undefined;
  headers: Record<string, string>;
  event: TypedEvent<EventType>;
}

/**
 * A test's window onto a service's Kafka traffic under its topic prefix: publishes events as
 * another service would (through the real broker), and records every event the service publishes.
 */
export class EventTap {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  readonly seen: TappedMessage[] = [];

  constructor(private readonly topicPrefix: string) {
    this.kafka = new Kafka({
      clientId: 'event-tap',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    });
  }

  /** Starts recording every topic from its beginning; resolves once the tap holds its partitions. */
  async start(): Promise<this> {
    const consumer = this.kafka.consumer({
      groupId: `${this.topicPrefix}event-tap-${randomUUID()}`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    // Audit heads are the sealer's housekeeping, not the service's domain traffic.
    const topics = ALL_TOPICS.filter((t) => t !== TOPICS.audit);
    await consumer.subscribe({
      topics: topics.map((t) => this.topicPrefix + t),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const parsed = parseEvent(message.value);
        if (!parsed.ok) return;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {}))
          headers[name] = String(value);
        this.seen.push({
          topic: topic.slice(this.topicPrefix.length),
          partition,
          key: message.key?.toString(),
          headers,
          event: parsed.event,
        });
      },
    });
    await joined;
    return this;
  }

  /** Publishes an event as its producing service would (envelope, key, topic), returns it. */
  async publish<T extends EventType>(
    type: T,
    aggregateId: string,
    data: EventPayloads[T],
    extra: { id?: string; producer?: string; correlationId?: string } = {},
  ): Promise<TypedEvent<T>> {
    const event = createEvent(type, {
      aggregateId,
      data,
      id: extra.id,
      producer: extra.producer ?? 'test',
      correlationId: extra.correlationId ?? randomUUID(),
    });
    await this.publishRaw(event);
    return event;
  }

  /** Publishes an already-built envelope again (a redelivery). */
  async publishRaw(event: TypedEvent<EventType>): Promise<void> {
    this.producer ??= this.kafka.producer({ allowAutoTopicCreation: true });
    await this.producer.connect();
    await this.producer.send({
      topic: this.topicPrefix + topicOf(event.type),
      acks: -1,
      messages: [{ key: event.aggregateId, value: JSON.stringify(event) }],
    });
  }

  /** Events of a type seen so far. */
  ofType<T extends EventType>(type: T): TypedEvent<T>[] {
    return this.seen.filter((m) => m.event.type === type).map((m) => m.event as TypedEvent<T>);
  }

  /** Waits until an event matching the predicate has been seen, and returns it. */
  async waitFor<T extends EventType>(
    type: T,
    predicate: (event: TypedEvent<T>) => boolean = () => true,
    timeoutMs = 20000,
  ): Promise<TypedEvent<T>> {
    return eventually(async () => this.ofType(type).find(predicate), {
      timeoutMs,
      what: `a ${type} event`,
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
