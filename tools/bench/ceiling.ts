// PostgreSQL's own ceiling for the writes AidFlow makes, measured from Node with a pool of the
// same driver: a visit row + an outbox row per transaction (synchronous commit), the same in
// 100-row transactions, and a guarded update of one hot row (the fund every approval reserves from).
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { drive } from './measure';

export interface Ceilings {
  singleRowTxPerS: number;
  batchedRowsPerS: number;
  hotRowUpdatesPerS: number;
}

const SCHEMA = 'bench_ceiling';

async function prepare(pool: Pool): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await pool.query(`CREATE SCHEMA ${SCHEMA}`);
  await pool.query(`CREATE TABLE ${SCHEMA}.visit (id uuid PRIMARY KEY, team_id uuid NOT NULL,
    site_id uuid NOT NULL, visited_at timestamptz NOT NULL, payload jsonb NOT NULL)`);
  await pool.query(`CREATE TABLE ${SCHEMA}.outbox (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE,
    topic text NOT NULL, key text NOT NULL, payload jsonb NOT NULL, published_at timestamptz)`);
  await pool.query(`CREATE TABLE ${SCHEMA}.fund (id int PRIMARY KEY, available_fen bigint NOT NULL CHECK (available_fen >= 0),
    reserved_fen bigint NOT NULL)`);
  await pool.query(`INSERT INTO ${SCHEMA}.fund VALUES (1, 1000000000000, 0)`);
}

const payload = (id: string) =>
  JSON.stringify({ id, notes: '慰问', beneficiaries: [{ beneficiaryId: randomUUID() }] });

async function singleRows(pool: Pool, clients: number, total: number): Promise<number> {
  const team = randomUUID();
  const seconds = await drive(total, clients, async () => {
    const c = await pool.connect();
    try {
      const id = randomUUID();
      await c.query('BEGIN');
      await c.query(`INSERT INTO ${SCHEMA}.visit VALUES ($1, $2, $2, now(), $3)`, [
        id,
        team,
        payload(id),
      ]);
      await c.query(
        `INSERT INTO ${SCHEMA}.outbox (event_id, topic, key, payload) VALUES ($1, 'v', $2, $3)`,
        [randomUUID(), id, payload(id)],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  return total / seconds;
}

async function batchedRows(pool: Pool, clients: number, batches: number): Promise<number> {
  const team = randomUUID();
  const seconds = await drive(batches, clients, async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO ${SCHEMA}.visit SELECT id, $2, $2, now(), p FROM unnest($1::uuid[], $3::jsonb[]) AS t(id, p)`,
        [ids, team, ids.map(payload)],
      );
      await c.query(
        `INSERT INTO ${SCHEMA}.outbox (event_id, topic, key, payload)
         SELECT gen_random_uuid(), 'v', k, p FROM unnest($1::text[], $2::jsonb[]) AS t(k, p)`,
        [ids, ids.map(payload)],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  return (batches * 100) / seconds;
}

async function hotRow(pool: Pool, clients: number, total: number): Promise<number> {
  const seconds = await drive(total, clients, async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `UPDATE ${SCHEMA}.fund SET available_fen = available_fen - 100, reserved_fen = reserved_fen + 100
         WHERE id = 1 AND available_fen >= 100`,
      );
      await c.query(
        `INSERT INTO ${SCHEMA}.outbox (event_id, topic, key, payload) VALUES ($1, 'f', '1', '{}')`,
        [randomUUID()],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  return total / seconds;
}

export async function measureCeilings(databaseUrl: string): Promise<Ceilings> {
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  try {
    await prepare(pool);
    await singleRows(pool, 4, 500); // warm-up
    const singleRowTxPerS = Math.max(
      await singleRows(pool, 4, 4000),
      await singleRows(pool, 16, 4000),
    );
    const batchedRowsPerS = await batchedRows(pool, 4, 200);
    const hotRowUpdatesPerS = await hotRow(pool, 16, 4000);
    return { singleRowTxPerS, batchedRowsPerS, hotRowUpdatesPerS };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
