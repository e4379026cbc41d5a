import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Pool } from 'pg';

/** The embedded database's listener: many `pg` connections on one PGlite session. */
describe('PGliteWireServer', () => {
  let host: ChildProcess;
  let url: string;
  const query = async <T extends object>(sql: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    // The real host of `npm start` (PGlite needs ESM dynamic import, which Jest's VM lacks).
    host = spawn(
      process.execPath,
      ['-r', './tools/register.js', 'tools/start/pglite-server.ts', 'wire'],
      {
        cwd: join(__dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const ready = await new Promise<string>((resolve, reject) => {
      host.once('exit', (code) => reject(new Error(`pglite-server exited with ${code}`)));
      createInterface({ input: host.stdout! }).once('line', resolve);
    });
    const { ready: ports } = JSON.parse(ready) as { ready: { wire: number } };
    url = `postgres://postgres@127.0.0.1:${ports.wire}/postgres`;
    await query('CREATE SCHEMA wire');
    await query('CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
  });

  it('serves parameterised queries on other connections while one holds a transaction', async () => {
    // The shape that broke POST /api/visits: a Query (BEGIN/COMMIT) from one connection between
    // another connection's Bind and Execute destroyed its unnamed portal.
    const pool = new Pool({ connectionString: url, max: 4 });
    const errors: string[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        if (i % 4 === 0) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('INSERT INTO t VALUES ($1, $2)', [i, `row ${i}`]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        } else {
          const { rows } = await pool.query<{ n: number }>('SELECT $1::int + 1 AS n', [i]);
          if (rows[0]?.n !== i + 1) errors.push(`${i} + 1 = ${rows[0]?.n}`);
        }
      }),
    ).catch((error: Error) => errors.push(error.message));
    await pool.end();
    expect(errors).toEqual([]);
    expect(await query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 15 }]);
  }, 30_000);

  it('rolls back the transaction of a connection that goes away, and frees the session', async () => {
    const dropped = new Client({ connectionString: url });
    dropped.on('error', () => undefined);
    await dropped.connect();
    await dropped.query('BEGIN');
    await dropped.query('INSERT INTO t VALUES ($1, $2)', [1000, 'never committed']);
    // A socket that dies without Terminate, as when a service is killed.
    (
      dropped as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy();

    const other = new Client({ connectionString: url });
    await other.connect();
    const { rows } = await other.query('SELECT id FROM t WHERE id = $1', [1000]);
    await other.end();
    expect(rows).toEqual([]);
  }, 30_000);

  it('answers pipelined cycles in order, however the bytes are split', async () => {
    const message = (type: string, body: Buffer): Buffer => {
      const head = Buffer.alloc(5);
      head.write(type, 0, 'latin1');
      head.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([head, body]);
    };
    const cstring = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf8');
    const startup = Buffer.concat([
      Buffer.alloc(8),
      cstring('user'),
      cstring('postgres'),
      Buffer.from([0]),
    ]);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    const cycle = (n: number): Buffer =>
      Buffer.concat([
        message('P', Buffer.concat([cstring(''), cstring(`SELECT ${n} AS n`), Buffer.alloc(2)])),
        message('B', Buffer.concat([cstring(''), cstring(''), Buffer.alloc(6)])),
        message('E', Buffer.concat([cstring(''), Buffer.alloc(4)])),
        message('S', Buffer.alloc(0)),
      ]);
    const bytes = Buffer.concat([
      startup,
      cycle(1),
      cycle(2),
      message('Q', cstring('SELECT 3 AS n')),
    ]);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let answer = Buffer.alloc(0);
    const ready = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        answer = Buffer.concat([answer, chunk]);
        if (answer.toString('latin1').split('Z\0\0\0\x05I').length === 5) resolve();
      }),
    );
    // A few bytes per write: messages and cycles straddle TCP segments.
    for (let at = 0; at < bytes.length; at += 7) {
      socket.write(bytes.subarray(at, at + 7));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await ready;
    socket.destroy();
    // DataRow: 'D', length 11, 1 column, its length 1, the digit.
    const dataRow = `D${'\0\0\0\x0b\0\x01\0\0\0\x01'}`;
    const values = answer
      .toString('latin1')
      .split(dataRow)
      .slice(1)
      .map((rest) => rest[0]);
    expect(values).toEqual(['1', '2', '3']);
  }, 30_000);
});
