import { dataSourceOptions, JobLeases1766000000000, runMigrations } from '@aidflow/database';
import { MetricsModule } from '@aidflow/platform';
import { dropSchema, testBrokers, testDatabaseUrl } from '@aidflow/testing';
import { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, MigrationInterface } from 'typeorm';
import { MessagingModule } from '../messaging.module';
import { MessagingOptions } from '../messaging.options';
import { CreateOutboxAndInbox1764000000000 } from '../migrations/1764000000000-create-outbox-and-inbox';
import { OutboxParkingAndRetention1765000000000 } from '../migrations/1765000000000-outbox-parking-and-retention';

export interface SpineNode {
  app: INestApplicationContext;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Boots one "service" of the spine: its schema with the real migrations, TypeORM and messaging. */
export async function startSpineNode(opts: {
  serviceName: string;
  schema: string;
  topicPrefix: string;
  providers?: ModuleMetadata['providers'];
  migrations?: (new () => MigrationInterface)[];
  relay?: boolean;
  maxAttempts?: number;
  retryBackoffMs?: number;
}): Promise<SpineNode> {
  const db = { url: testDatabaseUrl(), schema: opts.schema, poolSize: 8, logSql: false };
  const parts = {
    entities: [],
    migrations: [
      CreateOutboxAndInbox1764000000000,
      OutboxParkingAndRetention1765000000000,
      JobLeases1766000000000,
      ...(opts.migrations ?? []),
    ],
  };
  await runMigrations(new DataSource(dataSourceOptions(db, parts)));
  const options: MessagingOptions = {
    serviceName: opts.serviceName,
    brokers: testBrokers(),
    topicPrefix: opts.topicPrefix,
    partitions: 4,
    consumer: {
      maxWaitTimeMs: 50,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
      maxAttempts: opts.maxAttempts ?? 3,
      retryBackoffMs: opts.retryBackoffMs ?? 10,
      partitionsConsumedConcurrently: 2,
      autoStart: true,
    },
    relay: {
      enabled: opts.relay ?? true,
      batchSize: 100,
      pollIntervalMs: 100,
      maxAttempts: 3,
      retryBackoffMs: 10,
      maxMessageBytes: 1_000_000,
    },
    retention: { windowMs: 7 * 86_400_000, intervalMs: 0 },
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      MetricsModule,
      TypeOrmModule.forRoot(dataSourceOptions(db, parts)),
      MessagingModule.forRootAsync({ useFactory: () => options }),
    ],
    providers: opts.providers ?? [],
  }).compile();
  const app = await moduleRef.init();
  return {
    app,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      await dropSchema(opts.schema);
    },
  };
}
