import { DatabaseSettings, dataSourceOptions, DataSourceParts } from '@aidflow/database';
import { AUDIT_MIGRATIONS } from '@aidflow/audit';
import { AUTH_MIGRATIONS } from '@aidflow/auth';
import { MESSAGING_MIGRATIONS } from '@aidflow/messaging';
import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { CreateIdempotencyKeys1764150000000 } from '../migrations/1764150000000-create-idempotency-keys';
import { IdempotencyResultAsJson1766000000100 } from '../migrations/1766000000100-idempotency-result-as-json';
import { ServiceKitConfig } from '../config/service-config';

/** A service's own entities and migrations (the kit adds the messaging spine's and auth's). */
export type ServiceDataParts = Partial<DataSourceParts>;

/** A service's TypeORM entities (classes or EntitySchemas), as listed in its `entities.ts`. */
export type ServiceEntities = NonNullable<DataSourceParts['entities']>;

/** A service's migration classes, oldest first, as exported by its `migrations/index.ts`. */
export type ServiceMigrations = (new () => MigrationInterface)[];

export function serviceDatabaseSettings(config: ServiceKitConfig): DatabaseSettings {
  return {
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE,
    logSql: false,
  };
}

/** The one definition of a service's database, shared by the app module and the migration CLI. */
export function serviceDataSourceOptions(
  config: ServiceKitConfig,
  parts: ServiceDataParts = {},
): DataSourceOptions {
  return dataSourceOptions(serviceDatabaseSettings(config), {
    entities: toArray(parts.entities),
    // The spine's and auth's tables come first: service migrations may reference them.
    migrations: [
      ...MESSAGING_MIGRATIONS,
      ...AUTH_MIGRATIONS,
      CreateIdempotencyKeys1764150000000,
      IdempotencyResultAsJson1766000000100,
      ...AUDIT_MIGRATIONS,
      ...toArray(parts.migrations),
    ],
  });
}

export function createServiceDataSource(
  config: ServiceKitConfig,
  parts: ServiceDataParts = {},
): DataSource {
  return new DataSource(serviceDataSourceOptions(config, parts));
}

function toArray<T>(list: T[] | { [name: string]: T } | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : Object.values(list);
}
