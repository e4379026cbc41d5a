import { DataSource } from 'typeorm';

/**
 * Takes or renews the named lease for `holder` for `ttlMs`: true when this replica holds it now.
 * A replica that dies stops renewing, and another takes the lease once it has expired.
 */
export async function takeLease(
  dataSource: DataSource,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<boolean> {
  const rows = await dataSource.query<{ holder: string }[]>(
    `INSERT INTO job_leases (name, holder, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE job_leases.holder = EXCLUDED.holder OR job_leases.expires_at < now()
     RETURNING holder`,
    [name, holder, ttlMs],
  );
  return rows.length === 1;
}
