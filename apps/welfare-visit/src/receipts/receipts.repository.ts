import { AuthUser } from '@aidflow/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ReceiptStatus {
  sha256: string;
  stored: boolean;
}

/** The SQL behind receipts: which visits a user may see, what they list, what is confirmed. */
@Injectable()
export class ReceiptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The visit as the user may see it (the same scope as GET /api/visits/:id: the team's org in
   * the user's subtree, or the user is a team member) and whether a line lists `sha256`.
   */
  async visitFor(
    user: AuthUser,
    visitId: string,
    sha256: string,
  ): Promise<{ listed: boolean; stored: boolean } | null> {
    const [row] = await this.dataSource.query<{ listed: boolean; stored: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM visit_beneficiaries b
                       WHERE b.visit_id = v.id AND b.receipt_sha256 = $2) AS listed,
              EXISTS (SELECT 1 FROM visit_receipts r
                       WHERE r.visit_id = v.id AND r.sha256 = $2) AS stored
         FROM visits v
        WHERE v.id = $1
          AND (v.org_code IN (SELECT o.code FROM org_replica o WHERE o.path @> ARRAY[$3]::text[])
               OR v.team_id IN (SELECT t.id FROM teams t WHERE $4 = ANY (t.member_ids)))`,
      [visitId, sha256, user.orgCode, user.sub],
    );
    return row ?? null;
  }

  /** Records the receipt as confirmed for the visit; false if it already was. */
  async link(
    manager: EntityManager,
    receipt: { visitId: string; sha256: string; contentType: string; byteSize: number },
    storedBy: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO visit_receipts (visit_id, sha256, content_type, byte_size, stored_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (visit_id, sha256) DO NOTHING RETURNING sha256`,
      [receipt.visitId, receipt.sha256, receipt.contentType, receipt.byteSize, storedBy],
    );
    return rows.length > 0;
  }

  /** Every receipt each visit's lines name, with whether its image is confirmed, by hash. */
  async statusOf(visitIds: readonly string[]): Promise<Map<string, ReceiptStatus[]>> {
    const rows = await this.dataSource.query<
      { visit_id: string; sha256: string; stored: boolean }[]
    >(
      `SELECT b.visit_id, b.sha256, (r.visit_id IS NOT NULL) AS stored
         FROM (SELECT DISTINCT visit_id, receipt_sha256 AS sha256 FROM visit_beneficiaries
                WHERE visit_id = ANY ($1::uuid[]) AND receipt_sha256 IS NOT NULL) b
         LEFT JOIN visit_receipts r ON r.visit_id = b.visit_id AND r.sha256 = b.sha256
        ORDER BY b.visit_id, b.sha256`,
      [visitIds],
    );
    const byVisit = new Map<string, ReceiptStatus[]>(visitIds.map((id) => [id, []]));
    for (const row of rows)
      byVisit.get(row.visit_id)?.push({ sha256: row.sha256, stored: row.stored });
    return byVisit;
  }
}
