import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaConnection } from './kafka-connection';
import { MessagingRuntime } from '../messaging.runtime';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly runtime: MessagingRuntime,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'broker', timeoutMs = 2000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    // A crashed consumer is restarted by its supervisor: the state is shown, the replica stays up.
    const consumer = this.runtime.inbox?.supervisor;
    const details = consumer
      ? { consumer: consumer.state, consumerRestarts: consumer.restarts }
      : {};
    try {
      const admin = await this.kafka.admin();
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs);
      return indicator.up({ brokers: cluster.brokers.length, ...details });
    } catch (error) {
      return indicator.down({ message: (error as Error).message, ...details });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
