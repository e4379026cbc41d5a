import { updateReturning } from '@aidflow/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { NormalizedVisit, VisitedBeneficiary } from '../visits/visit-content';
import { ConflictResolution, VisitConflictKind } from '../visits/visit-conflict.entity';

export interface LockedConflict {
  id: string;
  visit_id: string;
  org_code: string;
  kind: VisitConflictKind;
  status: 'open' | 'resolved';
  content_hash: string;
  incoming: NormalizedVisit;
}

/** The SQL of visit conflicts: recording, locking, reading the standing version, resolving. */
@Injectable()
export class ConflictsRepository {
  async lock(manager: EntityManager, id: string): Promise<LockedConflict | undefined> {
    const [row] = await manager.query<LockedConflict[]>(
      `SELECT id, visit_id, org_code, kind, status, content_hash, incoming
         FROM visit_conflicts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** The visits holding these disbursements' cash, by disbursement. */
  async holdersOf(manager: EntityManager, disbursementIds: string[]): Promise<Map<string, string>> {
    const rows = await manager.query<{ disbursement_id: string; visit_id: string }[]>(
      `SELECT disbursement_id, visit_id FROM visit_cash_lines WHERE disbursement_id = ANY ($1::uuid[])`,
      [disbursementIds],
    );
    return new Map(rows.map((r) => [r.disbursement_id, r.visit_id]));
  }

  /** Keeps an incoming visit that lost its cash to `holderId`; the same version again is kept once. */
  async recordCashConflict(
    manager: EntityManager,
    holder: { visitId: string; orgCode: string },
    incoming: NormalizedVisit,
    hash: string,
    receivedBy: string,
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `WITH kept AS (
         INSERT INTO visit_conflicts (id, visit_id, org_code, content_hash, incoming, received_by, kind,
                                      incoming_visit_id)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'cash_handed_over', $7)
         ON CONFLICT (visit_id, content_hash) DO NOTHING RETURNING id)
       SELECT id FROM kept
       UNION ALL SELECT id FROM visit_conflicts WHERE visit_id = $2 AND content_hash = $4
       LIMIT 1`,
      [
        randomUUID(),
        holder.visitId,
        holder.orgCode,
        hash,
        JSON.stringify(incoming),
        receivedBy,
        incoming.id,
      ],
    );
    if (!row) throw new Error(`conflict for visit ${incoming.id} neither kept nor found`);
    return row.id;
  }

  async orgOf(manager: EntityManager, visitId: string): Promise<string | undefined> {
    const [row] = await manager.query<{ org_code: string }[]>(
      `SELECT org_code FROM visits WHERE id = $1`,
      [visitId],
    );
    return row?.org_code;
  }

  /** The standing version of a visit in its normalized form, its row locked against other edits. */
  async standing(manager: EntityManager, visitId: string): Promise<NormalizedVisit> {
    const [visit] = await manager.query<
      {
        id: string;
        team_id: string;
        site_id: string;
        visited_at: Date;
        lat: number | null;
        lon: number | null;
        notes: string | null;
      }[]
    >(
      `SELECT id, team_id, site_id, visited_at, lat, lon, notes FROM visits WHERE id = $1 FOR UPDATE`,
      [visitId],
    );
    if (!visit) throw new Error(`visit ${visitId} of a conflict is gone`);
    const lines = await manager.query<
      {
        beneficiary_id: string;
        needs: VisitedBeneficiary['needs'];
        receipt_sha256: string | null;
        disbursement_id: string | null;
        amount_fen: string | null;
        goods: { itemCode: string; quantity: number }[] | null;
      }[]
    >(
      `SELECT b.beneficiary_id, b.needs, b.receipt_sha256, c.disbursement_id, c.amount_fen::text,
              (SELECT jsonb_agg(jsonb_build_object('itemCode', g.item_code, 'quantity', g.quantity)
                                ORDER BY g.position)
                 FROM visit_goods_lines g
                WHERE g.visit_id = b.visit_id AND g.beneficiary_id = b.beneficiary_id) AS goods
         FROM visit_beneficiaries b
         LEFT JOIN visit_cash_lines c ON c.visit_id = b.visit_id AND c.beneficiary_id = b.beneficiary_id
        WHERE b.visit_id = $1 ORDER BY b.position`,
      [visitId],
    );
    return {
      id: visit.id,
      teamId: visit.team_id,
      siteId: visit.site_id,
      visitedAt: visit.visited_at.toISOString(),
      ...(visit.lat !== null && visit.lon !== null
        ? { location: { lat: visit.lat, lon: visit.lon } }
        : {}),
      ...(visit.notes !== null ? { notes: visit.notes } : {}),
      beneficiaries: lines.map((l) => ({
        beneficiaryId: l.beneficiary_id,
        ...(l.disbursement_id !== null && l.amount_fen !== null
          ? { cash: { disbursementId: l.disbursement_id, amountFen: Number(l.amount_fen) } }
          : {}),
        ...(l.goods ? { goods: l.goods } : {}),
        ...(l.needs && l.needs.length > 0 ? { needs: l.needs } : {}),
        ...(l.receipt_sha256 !== null ? { receiptSha256: l.receipt_sha256 } : {}),
      })),
    };
  }

  /** Puts the incoming version's visit-level fields, needs and receipts in place. */
  async applyIncoming(
    manager: EntityManager,
    incoming: NormalizedVisit,
    hash: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE visits SET visited_at = $2, lat = $3, lon = $4, notes = $5, content_hash = $6 WHERE id = $1`,
      [
        incoming.id,
        incoming.visitedAt,
        incoming.location?.lat ?? null,
        incoming.location?.lon ?? null,
        incoming.notes ?? null,
        hash,
      ],
    );
    const b = incoming.beneficiaries;
    await manager.query(
      `UPDATE visit_beneficiaries vb
          SET needs = COALESCE((SELECT array_agg(n) FROM jsonb_array_elements_text(v.needs) AS n), '{}'),
              receipt_sha256 = v.receipt
         FROM unnest($2::uuid[], $3::jsonb[], $4::text[]) AS v(beneficiary_id, needs, receipt)
        WHERE vb.visit_id = $1 AND vb.beneficiary_id = v.beneficiary_id`,
      [
        incoming.id,
        b.map((x) => x.beneficiaryId),
        b.map((x) => JSON.stringify(x.needs ?? [])),
        b.map((x) => x.receiptSha256 ?? null),
      ],
    );
  }

  async markResolved(
    manager: EntityManager,
    id: string,
    resolution: { resolution: ConflictResolution; note: string; by: string; replaced?: unknown },
  ): Promise<{ resolved_at: Date }> {
    const [row] = await updateReturning<{ resolved_at: Date }>(
      manager,
      `UPDATE visit_conflicts
          SET status = 'resolved', resolution = $2, resolution_note = $3, resolved_by = $4,
              resolved_at = now(), replaced = $5::jsonb
        WHERE id = $1 RETURNING resolved_at`,
      [
        id,
        resolution.resolution,
        resolution.note,
        resolution.by,
        resolution.replaced === undefined ? null : JSON.stringify(resolution.replaced),
      ],
    );
    if (!row) throw new Error(`conflict ${id} vanished while locked`);
    return row;
  }
}
