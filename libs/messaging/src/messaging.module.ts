import { DynamicModule, Global, Module, ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaConnection } from './kafka/kafka-connection';
import { KafkaHealthIndicator } from './kafka/kafka.health';
import { MessagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { MessagingRuntime } from './messaging.runtime';
import { OutboxService } from './outbox/outbox.service';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: never[] | unknown[];
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
}

/**
 * The outbox, its relay, the inbox consumer and the Kafka client of one service. Needs the app's
 * TypeORM DataSource (with MESSAGING_ENTITIES' migration applied) and the MetricsModule.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, TerminusModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          useFactory: options.useFactory,
          inject: (options.inject ?? []) as never[],
        },
        KafkaConnection,
        MessagingMetrics,
        OutboxService,
        MessagingRuntime,
        KafkaHealthIndicator,
      ],
      exports: [
        KafkaConnection,
        OutboxService,
        MessagingRuntime,
        KafkaHealthIndicator,
        MESSAGING_OPTIONS,
      ],
    };
  }
}
