import { loadConfig } from '@aidflow/platform';
import { createServiceDataSource } from '@aidflow/service-kit';
import { DataSource } from 'typeorm';
import { IntakeConfig } from './config/intake.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** incident-intake's database as the migration CLI (tools/migrate.ts, typeorm CLI) sees it. */
export function buildDataSource(env: Record<string, string | undefined> = process.env): DataSource {
  return createServiceDataSource(loadConfig(IntakeConfig, env), {
    entities: ENTITIES,
    migrations: MIGRATIONS,
  });
}

export const dataSource = buildDataSource();
export default dataSource;
