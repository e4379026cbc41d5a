export * from './config/service-config';
export * from './database/service-data-source';
export * from './health/health.controller';
export * from './metrics/metrics.controller';
export * from './service-kit.module';
export * from './idempotency/idempotency.service';
export * from './openapi';
export * from './unit-of-work';
