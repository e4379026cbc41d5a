import { AuditModule, auditSettingsFromConfig } from '@aidflow/audit';
import { AuthModule } from '@aidflow/auth';
import { ensureDatabase, runMigrations } from '@aidflow/database';
import { MessagingModule, messagingOptionsFromConfig, resolveBrokers } from '@aidflow/messaging';
import { loggerModuleParams, MetricsModule } from '@aidflow/platform';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SERVICE_CONFIG, ServiceKitConfig } from './config/service-config';
import { ServiceDataParts, serviceDataSourceOptions } from './database/service-data-source';
import { HealthController } from './health/health.controller';
import { IdempotencyService } from './idempotency/idempotency.service';
import { MetricsController } from './metrics/metrics.controller';
import { LOCK_ORDER, LockOrder } from './unit-of-work/lock-order';
import { UnitOfWork } from './unit-of-work/unit-of-work';

export interface ServiceKitOptions<C extends ServiceKitConfig> extends ServiceDataParts {
  /** Kafka client id, event producer name and default consumer group. */
  serviceName: string;
  /** The service's validated config (loadConfig of a class extending BaseServiceConfig). */
  config: C;
  /** The order the service's writes take their locks in (UnitOfWork, tx.lock). */
  lockOrder?: LockOrder;
}

/**
 * Everything a service has besides its domain: typed config, JSON logs, metrics, its database
 * schema (migrated at start-up when MIGRATIONS_RUN=true), the messaging spine, authentication,
 * roles, scope and audit (every route needs a token unless @Public), /health, /metrics.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot<C extends ServiceKitConfig>(options: ServiceKitOptions<C>): DynamicModule {
    const { serviceName, config } = options;
    const logger = new Logger(serviceName);
    return {
      module: ServiceKitModule,
      imports: [
        LoggerModule.forRoot(loggerModuleParams({ serviceName, level: config.LOG_LEVEL })),
        MetricsModule,
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            // Developer machines and tests start from an empty server; production's database is provisioned.
            if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
            return serviceDataSourceOptions(config, options);
          },
          dataSourceFactory: async (dataSourceOptions?: DataSourceOptions) => {
            if (!dataSourceOptions) throw new Error('no data source options');
            const dataSource = await new DataSource(dataSourceOptions).initialize();
            if (config.MIGRATIONS_RUN === 'true') {
              const applied = await runMigrations(dataSource);
              logger.log(
                applied.length > 0
                  ? `schema ${config.DB_SCHEMA}: applied ${applied.join(', ')}`
                  : `schema ${config.DB_SCHEMA}: up to date`,
              );
            }
            return dataSource;
          },
        }),
        MessagingModule.forRootAsync({
          useFactory: () =>
            messagingOptionsFromConfig(serviceName, config, resolveBrokers(config.KAFKA_BROKERS)),
        }),
        AuthModule.forRootAsync({
          useFactory: () => ({
            jwtSecret: config.AUTH_JWT_SECRET,
            jwksUrl: config.AUTH_JWKS_URL || undefined,
            issuer: config.AUTH_ISSUER || undefined,
            audience: config.AUTH_AUDIENCE || undefined,
            revocationsUrl: config.AUTH_REVOCATIONS_URL || undefined,
            revocationsPollMs: config.AUTH_REVOCATIONS_POLL_MS,
            revocationsMaxStaleMs: config.AUTH_REVOCATIONS_MAX_STALE_MS,
            nodeEnv: config.NODE_ENV,
          }),
        }),
        AuditModule.forRootAsync({
          useFactory: () => auditSettingsFromConfig(serviceName, config),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOCK_ORDER, useValue: options.lockOrder ?? new LockOrder([]) },
        IdempotencyService,
        UnitOfWork,
      ],
      exports: [SERVICE_CONFIG, IdempotencyService, UnitOfWork],
    };
  }
}
