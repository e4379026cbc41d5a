// The embedded database of `npm start` when no PostgreSQL answers: one in-memory PGlite per
// service schema, each behind a PostgreSQL wire-protocol socket so the services' `pg` driver and
// migrations run unchanged.
//   node -r ./tools/register.js tools/start/pglite-server.ts intake funds visits ops
// Prints one JSON line {"ready":{"intake":PORT,...}} on stdout, then serves until SIGTERM/SIGINT.
//
// Why one instance per schema: PGlite is a single PostgreSQL session; the socket server multiplexes
// every client connection onto it and ignores the startup packet's `options`, so the services'
// `-c search_path=<schema>` never applies. Each instance sets its session's search_path once instead
// (all connections share it), which only works when one service owns the instance.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

async function main(schemas: string[]): Promise<void> {
  if (schemas.length === 0 || schemas.some((s) => !/^[a-z_][a-z0-9_]*$/.test(s))) {
    throw new Error('usage: pglite-server.ts <schema>... (lower-case SQL identifiers)');
  }
  const running: { db: PGlite; server: PGLiteSocketServer }[] = [];
  const ports: Record<string, number> = {};
  for (const schema of schemas) {
    const db = await PGlite.create();
    await db.exec(`SET search_path TO "${schema}"`);
    // A service's pool opens up to DATABASE_POOL_SIZE connections; the default allows only one.
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 64 });
    await server.start();
    running.push({ db, server });
    ports[schema] = Number(server.getServerConn().split(':').pop());
  }
  process.stdout.write(`${JSON.stringify({ ready: ports })}\n`);

  const stop = async (): Promise<void> => {
    for (const { db, server } of running) {
      await server.stop();
      await db.close();
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
