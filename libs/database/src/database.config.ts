import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { SafeSqlLogger } from './safe-sql-logger';

export interface DatabaseSettings {
  /** postgres://user@host:port/db */
  url: string;
  /** The service's own schema: every table it owns lives here. */
  schema: string;
  poolSize: number;
  /** Log every SQL statement (development only). */
  logSql: boolean;
}

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/aidflow';

export function dataSourceOptions(
  settings: DatabaseSettings,
  parts: DataSourceParts,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new SafeSqlLogger(settings.logSql),
    logging: true,
    maxQueryExecutionTime: 2000,
    // Unqualified names in migrations and raw SQL resolve to the service's own schema.
    extra: { max: settings.poolSize, options: `-c search_path=${quoteIdent(settings.schema)}` },
  };
}

export function createDataSource(settings: DatabaseSettings, parts: DataSourceParts): DataSource {
  return new DataSource(dataSourceOptions(settings, parts));
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}
