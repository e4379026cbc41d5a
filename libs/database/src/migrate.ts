import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { quoteIdent } from './database.config';

/** Creates the service's schema if missing and runs every pending migration; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const wasInitialized = dataSource.isInitialized;
  if (!wasInitialized) await dataSource.initialize();
  try {
    // Replicas starting together must not run the same migrations twice: one migrates, the others wait.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`aidflow.migrations.${schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [
        `aidflow.migrations.${schema}`,
      ]);
      await runner.release();
    }
  } finally {
    if (!wasInitialized) await dataSource.destroy();
  }
}

export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source has no schema: every service owns one');
  return schema;
}

/** Development convenience: creates the database named in the URL when the server lacks it. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Services starting together race here; the loser's error (duplicate_database, or a unique
      // violation on pg_database when both passed the check) means the database exists.
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
