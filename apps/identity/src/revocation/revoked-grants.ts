// Sign-ins (grants) ended before their access tokens expire. The provider's JWT access tokens are
// not stored, so revoking one alone changes nothing at the services: every path that ends a
// sign-in (token revocation, sign-out, reuse of a rotated refresh token) revokes its grant, and
// the access tokens name their grant in `gid`. Services poll the list (libs/auth RevocationList).
import { DataSource } from 'typeorm';

export interface RevokedGrant {
  gid: string;
  /** Epoch seconds after which no access token of the grant can be valid any more. */
  until: number;
}

export class RevokedGrants {
  constructor(
    private readonly db: DataSource,
    /** The access tokens' lifetime plus the services' clock tolerance. */
    private readonly keepSeconds: number,
  ) {}

  async record(grantId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO revoked_grants (grant_id, until)
       VALUES ($1, now() + make_interval(secs => $2::double precision))
       ON CONFLICT (grant_id) DO UPDATE SET until = GREATEST(revoked_grants.until, excluded.until)`,
      [grantId, this.keepSeconds],
    );
  }

  /** Every grant some access token of which may still be unexpired (a short list: ≤ one TTL of sign-outs). */
  async current(): Promise<RevokedGrant[]> {
    const rows: { grant_id: string; until: Date }[] = await this.db.query(
      `SELECT grant_id, until FROM revoked_grants WHERE until > now() ORDER BY until`,
    );
    return rows.map((r) => ({ gid: r.grant_id, until: Math.ceil(r.until.getTime() / 1000) }));
  }

  async sweep(): Promise<void> {
    await this.db.query(`DELETE FROM revoked_grants WHERE until < now() - interval '1 hour'`);
  }
}
