// oidc-provider's storage in the identity schema: one row per model (kind, id), expired rows
// ignored on read and swept periodically.
import { DataSource } from 'typeorm';
import type { RevokedGrants } from '../revocation/revoked-grants';

export type Payload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

interface Row {
  payload: Payload;
  consumed_at: Date | null;
}

/** The adapter class oidc-provider instantiates once per model name. */
export function pgAdapter(
  db: DataSource,
  revoked?: RevokedGrants,
): new (kind: string) => PgAdapter {
  return class extends PgAdapter {
    constructor(kind: string) {
      super(db, kind, revoked);
    }
  };
}

export class PgAdapter {
  constructor(
    private readonly db: DataSource,
    private readonly kind: string,
    private readonly revoked?: RevokedGrants,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    await this.db.query(
      `INSERT INTO oidc_payload (kind, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, now() + make_interval(secs => $7::double precision))
       ON CONFLICT (kind, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
         user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
      [
        this.kind,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresIn ?? 14 * 86_400,
      ],
    );
  }

  private async one(where: string, value: string): Promise<Payload | undefined> {
    const rows: Row[] = await this.db.query(
      `SELECT payload, consumed_at FROM oidc_payload
       WHERE kind = $1 AND ${where} = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [this.kind, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed_at
      ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
      : row.payload;
  }

  find(id: string): Promise<Payload | undefined> {
    return this.one('id', id);
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.one('uid', uid);
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.one('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.query(`UPDATE oidc_payload SET consumed_at = now() WHERE kind = $1 AND id = $2`, [
      this.kind,
      id,
    ]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query(`DELETE FROM oidc_payload WHERE kind = $1 AND id = $2`, [this.kind, id]);
  }

  /**
   * Every token of a grant goes with it (revocation, sign-out, reuse of a rotated refresh token).
   * The provider revokes a grant's access tokens on every such path; they are JWTs it never
   * stored, so the grant is recorded for the services to refuse them until they expire.
   */
  async revokeByGrantId(grantId: string): Promise<void> {
    if (this.kind === 'AccessToken') await this.revoked?.record(grantId);
    await this.db.query(`DELETE FROM oidc_payload WHERE grant_id = $1`, [grantId]);
  }
}

/** Removes expired rows; run on a timer. */
export async function sweepExpired(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM oidc_payload WHERE expires_at < now() - interval '1 hour'`);
}

/** A grant and every token of it, gone (an access token's revocation ends its sign-in). */
export async function destroyGrant(db: DataSource, grantId: string): Promise<void> {
  await db.query(`DELETE FROM oidc_payload WHERE grant_id = $1 OR (kind = 'Grant' AND id = $1)`, [
    grantId,
  ]);
}
