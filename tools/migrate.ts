// npm run migrate -- <service>|--all
// Runs each service's pending migrations (messaging spine first) against its own schema.
import { ensureDatabase, runMigrations, schemaOf } from '@aidflow/database';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const APPS_DIR = join(__dirname, '..', 'apps');

function servicesWithDataSource(): string[] {
  return readdirSync(APPS_DIR)
    .filter((name) => existsSync(join(APPS_DIR, name, 'src', 'data-source.ts')))
    .sort();
}

async function migrate(service: string): Promise<void> {
  const module = (await import(join(APPS_DIR, service, 'src', 'data-source.ts'))) as {
    dataSource?: DataSource;
    default?: DataSource;
  };
  const dataSource = module.dataSource ?? module.default;
  if (!(dataSource instanceof DataSource))
    throw new Error(`${service}: data-source.ts exports no DataSource`);
  const url = (dataSource.options as { url?: string }).url;
  // Production databases are provisioned; elsewhere an empty server is fine.
  if (url && process.env.NODE_ENV !== 'production') await ensureDatabase(url);
  const applied = await runMigrations(dataSource);
  const schema = schemaOf(dataSource);
  console.log(
    applied.length > 0
      ? `${service} (schema ${schema}): applied ${applied.length}: ${applied.join(', ')}`
      : `${service} (schema ${schema}): up to date`,
  );
}

async function main(args: string[]): Promise<void> {
  const known = servicesWithDataSource();
  const target = args[0];
  if (!target || args.length > 1) {
    throw new Error(`usage: npm run migrate -- <service>|--all   (services: ${known.join(', ')})`);
  }
  if (target === '--all' && process.env.DB_SCHEMA) {
    throw new Error('DB_SCHEMA is set: with --all it would put every service in one schema');
  }
  const services = target === '--all' ? known : [target];
  for (const service of services) {
    if (!known.includes(service))
      throw new Error(`unknown service ${service} (services: ${known.join(', ')})`);
    await migrate(service);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
