import { DataSource, EntityManager } from 'typeorm';

/** The one table every leased job of a service shares (migration JobLeases1766000000000). */
export const LEASE_TABLE = 'job_leases';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * Takes or renews the named lease for `holder` for `ttlMs`: true when this holder has it now.
 * A holder that dies stops renewing, and another takes the lease once it has expired; in a
 * transaction (an EntityManager) the lease row stays locked until commit.
 */
export async function takeLease(
  db: Queryable,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<boolean> {
  const rows = await db.query<{ holder: string }[]>(
    `INSERT INTO job_leases (name, holder, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE job_leases.holder = EXCLUDED.holder OR job_leases.expires_at < now()
     RETURNING holder`,
    [name, holder, ttlMs],
  );
  return rows.length === 1;
}

/** Gives the lease up at once, so a standby need not wait for it to lapse. */
export async function releaseLease(db: Queryable, name: string, holder: string): Promise<void> {
  await db.query(`UPDATE job_leases SET expires_at = '-infinity' WHERE name = $1 AND holder = $2`, [
    name,
    holder,
  ]);
}
