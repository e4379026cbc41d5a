import { BaseServiceConfig, createServiceApp, loadConfig } from '@aidflow/platform';
import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  dropSchema,
  testBrokers,
  testDatabaseUrl,
  uniqueName,
  uniqueTopicPrefix,
} from './test-env';

export interface TestServiceOptions<C extends object> {
  serviceName: string;
  /** The service's config class (extends BaseServiceConfig and declares DB_SCHEMA). */
  configClass: new () => C;
  /** Builds the real app module from the loaded config (AppModule.forRoot). */
  appModule: (config: C) => DynamicModule;
  /** Extra settings over the test defaults (e.g. OUTBOX_RELAY_ENABLED). */
  env?: Record<string, string>;
}

export interface TestService<C extends object> {
  app: NestFastifyApplication;
  config: C;
  /** The suite's own schema (dropped by close()). */
  schema: string;
  topicPrefix: string;
  close(): Promise<void>;
}

/**
 * Boots a service's real app module, as bootstrapService would but without listening, against
 * the test database in a fresh schema and the test broker under a fresh topic prefix.
 */
export async function startTestService<C extends object>(
  options: TestServiceOptions<C>,
): Promise<TestService<C>> {
  const label = options.serviceName.replace(/-/g, '_');
  const schema = uniqueName(label);
  const topicPrefix = uniqueTopicPrefix(label);
  const config = loadConfig(options.configClass, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: '4',
    DB_SCHEMA: schema,
    MIGRATIONS_RUN: 'true',
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_MAX_WAIT_MS: '50',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    OUTBOX_POLL_MS: '100',
    ...options.env,
  });
  const app = await createServiceApp(options.appModule(config), {
    serviceName: options.serviceName,
    config: config as BaseServiceConfig,
  });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    await dropSchema(schema);
    throw error;
  }
  return {
    app,
    config,
    schema,
    topicPrefix,
    async close() {
      await app.close();
      await dropSchema(schema);
    },
  };
}
