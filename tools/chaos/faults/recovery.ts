// Recovered = every replica healthy, every outbox drained and every consumer group's lag 0, seen
// twice in a row a moment apart (lag read through the gateway from ops-monitor).
import { Pool } from 'pg';
import { LagReader, loadLag } from '../checker/spine';
import { ChaosSystem } from '../system/chaos-system';

const SCHEMAS = ['intake', 'funds', 'visits', 'ops'];

export async function pendingOutbox(db: Pool): Promise<number> {
  let pending = 0;
  for (const schema of SCHEMAS) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL AND parked_at IS NULL`,
    );
    pending += Number(rows[0].n);
  }
  return pending;
}

async function settled(system: ChaosSystem, db: Pool, readLag: LagReader): Promise<boolean> {
  try {
    const health = await Promise.all(system.replicas.map((r) => r.healthy()));
    if (health.includes(false)) return false;
    if ((await pendingOutbox(db)) > 0) return false;
    return (await loadLag(readLag)).every((l) => l.lag === 0);
  } catch {
    return false;
  }
}

/** Resolves with the moment it was recovered; throws after the timeout. */
export async function waitRecovered(
  system: ChaosSystem,
  db: Pool,
  readLag: LagReader,
  timeoutMs = 240_000,
): Promise<Date> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await settled(system, db, readLag)) {
      const at = new Date();
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (await settled(system, db, readLag)) return at;
    }
    if (Date.now() > deadline) throw new Error(`not recovered after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
