// The embedded database of `npm start` when no PostgreSQL answers: one in-memory PGlite per
// service schema, each behind a PostgreSQL wire-protocol listener (pglite-wire.ts) so the
// services' `pg` driver and migrations run unchanged.
//   node -r ./tools/register.js tools/start/pglite-server.ts intake funds visits ops
// Prints one JSON line {"ready":{"intake":PORT,...}} on stdout, then serves until SIGTERM/SIGINT.
//
// Why one instance per schema: PGlite is a single PostgreSQL session that every connection
// shares, so a connection's `-c search_path=<schema>` startup option cannot apply to it alone.
// Each instance sets its session's search_path once instead, which works because one service
// owns the instance. Each runs in its own worker thread: PGlite executes synchronously, so
// instances sharing a thread would queue behind each other's statements (and start-ups).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PGliteSession } from './pglite-session';
import { pgliteFromTemplate, pgliteTemplate } from './pglite-template';
import { PGliteWireServer } from './pglite-wire';

interface Ready {
  port: number;
}

interface InstanceData {
  schema: string;
  template: string;
}

/** In a worker: one instance for `schema`; posts its port, then serves until terminated. */
async function serveInstance({ schema, template }: InstanceData): Promise<void> {
  const db = await pgliteFromTemplate(template);
  await db.exec(`SET search_path TO "${schema}"`);
  const server = new PGliteWireServer(new PGliteSession(db));
  const port = await server.listen('127.0.0.1', 0);
  parentPort?.postMessage({ port } satisfies Ready);
}

function startWorker(data: InstanceData): { worker: Worker; ready: Promise<number> } {
  const { schema } = data;
  const worker = new Worker(__filename, { workerData: data });
  const ready = new Promise<number>((resolve, reject) => {
    worker.once('message', (message: Ready) => resolve(message.port));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ${schema} instance exited (${code})`)));
  });
  return { worker, ready };
}

async function main(schemas: string[]): Promise<void> {
  if (schemas.length === 0 || schemas.some((s) => !/^[a-z_][a-z0-9_]*$/.test(s))) {
    throw new Error('usage: pglite-server.ts <schema>... (lower-case SQL identifiers)');
  }
  let stopping = false;
  const template = await pgliteTemplate();
  const started = schemas.map((schema) => startWorker({ schema, template }));
  const ports = await Promise.all(started.map((s) => s.ready));
  process.stdout.write(
    `${JSON.stringify({ ready: Object.fromEntries(schemas.map((s, i) => [s, ports[i]])) })}\n`,
  );
  for (const { worker } of started) {
    // An instance that dies takes the database with it: `npm start` sees this process exit.
    worker.once('exit', (code) => {
      if (!stopping) fail(new Error(`an embedded database instance exited (${code})`));
    });
  }

  // In memory only, and the services are stopped first: nothing to flush, so no close.
  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(started.map(({ worker }) => worker.terminate()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}

if (isMainThread) main(process.argv.slice(2)).catch(fail);
else serveInstance(workerData as InstanceData).catch(fail);
