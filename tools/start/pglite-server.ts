// The embedded database of `npm start` when no PostgreSQL answers: one in-memory PGlite per
// service schema, each behind a PostgreSQL wire-protocol listener (pglite-wire.ts) so the
// services' `pg` driver and migrations run unchanged.
//   node -r ./tools/register.js tools/start/pglite-server.ts intake funds visits ops
// Prints one JSON line {"ready":{"intake":PORT,...}} on stdout, then serves until SIGTERM/SIGINT.
//
// Why one instance per schema: PGlite is a single PostgreSQL session that every connection
// shares, so a connection's `-c search_path=<schema>` startup option cannot apply to it alone.
// Each instance sets its session's search_path once instead, which works because one service
// owns the instance.
import { PGlite } from '@electric-sql/pglite';
import { PGliteSession } from './pglite-session';
import { PGliteWireServer } from './pglite-wire';

async function main(schemas: string[]): Promise<void> {
  if (schemas.length === 0 || schemas.some((s) => !/^[a-z_][a-z0-9_]*$/.test(s))) {
    throw new Error('usage: pglite-server.ts <schema>... (lower-case SQL identifiers)');
  }
  const running: { db: PGlite; server: PGliteWireServer }[] = [];
  const ports: Record<string, number> = {};
  for (const schema of schemas) {
    const db = await PGlite.create();
    await db.exec(`SET search_path TO "${schema}"`);
    const server = new PGliteWireServer(new PGliteSession(db));
    ports[schema] = await server.listen('127.0.0.1', 0);
    running.push({ db, server });
  }
  process.stdout.write(`${JSON.stringify({ ready: ports })}\n`);

  const stop = async (): Promise<void> => {
    for (const { db, server } of running) {
      await server.close();
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
