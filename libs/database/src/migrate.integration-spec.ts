import { testDatabaseUrl } from '@aidflow/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from './migrate';

describe('ensureDatabase', () => {
  it('creates a missing database once, also when several services race to create it', async () => {
    const name = `aidflow_race_${randomBytes(4).toString('hex')}`;
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    await Promise.all(Array.from({ length: 4 }, () => ensureDatabase(url.toString())));
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(found.rowCount).toBe(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });
});
