// The chaos run's own database on the shared PostgreSQL (each service's schema inside it).
import { quoteIdent } from '@aidflow/database';
import { Client } from 'pg';

export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrlFor(adminUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function createDatabase(adminUrl: string, name: string): Promise<void> {
  return admin(adminUrl, async (c) => {
    await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
}

export function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** Ends every connection of one service (its application_name is its service name). */
export function terminateConnections(
  adminUrl: string,
  database: string,
  application: string,
): Promise<number> {
  return admin(adminUrl, async (c) => {
    const { rows } = await c.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = $1 AND application_name LIKE $2 AND pid <> pg_backend_pid()`,
      [database, `${application}%`],
    );
    return rows.filter((r) => r.ended).length;
  });
}
