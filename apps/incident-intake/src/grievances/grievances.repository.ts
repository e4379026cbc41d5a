import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GrievanceRow } from './dto/grievance.view';

export interface NewGrievance {
  id: string;
  incidentId: string;
  beneficiaryId: string | null;
  orgCode: string;
  category: string;
  source: 'manual' | 'verification';
  sourceRef: string | null;
  descriptionCipher: string;
  descriptionKeyId: string;
  openedBy: string;
  openedAt: Date;
  dueAt: Date;
}

export interface GrievanceFilter {
  orgCodes: string[];
  withSensitive: boolean;
  status: string | null;
  category: string | null;
  incidentId: string | null;
  beneficiaryId: string | null;
  after: { at: Date; id: string } | null;
  limit: number;
}

/** SQL of grievances. */
@Injectable()
export class GrievancesRepository {
  /** Inserts unless the id or the source item exists already; undefined when it did. */
  async insert(manager: EntityManager, g: NewGrievance): Promise<GrievanceRow | undefined> {
    const [row] = await manager.query<GrievanceRow[]>(
      `INSERT INTO grievances (id, incident_id, beneficiary_id, org_code, category, source, source_ref,
              description_cipher, description_key_id, opened_by, opened_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING RETURNING *`,
      [
        g.id,
        g.incidentId,
        g.beneficiaryId,
        g.orgCode,
        g.category,
        g.source,
        g.sourceRef,
        g.descriptionCipher,
        g.descriptionKeyId,
        g.openedBy,
        g.openedAt,
        g.dueAt,
      ],
    );
    return row;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<GrievanceRow | undefined> {
    const [row] = await manager.query<GrievanceRow[]>(
      `SELECT * FROM grievances WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async list(manager: EntityManager, f: GrievanceFilter): Promise<GrievanceRow[]> {
    return manager.query<GrievanceRow[]>(
      `SELECT * FROM grievances
        WHERE org_code = ANY($1)
          AND ($2::boolean OR category <> 'sensitive')
          AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR category = $4)
          AND ($5::uuid IS NULL OR incident_id = $5)
          AND ($6::uuid IS NULL OR beneficiary_id = $6)
          AND ($7::timestamptz IS NULL OR (opened_at, id) > ($7, $8::uuid))
        ORDER BY opened_at, id LIMIT $9`,
      [
        f.orgCodes,
        f.withSensitive,
        f.status,
        f.category,
        f.incidentId,
        f.beneficiaryId,
        f.after?.at ?? null,
        f.after?.id ?? null,
        f.limit,
      ],
    );
  }

  async assign(manager: EntityManager, id: string, assigneeId: string): Promise<GrievanceRow> {
    const [row] = await manager.query<GrievanceRow[]>(
      `WITH u AS (UPDATE grievances SET status = 'assigned', assignee_id = $2 WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [id, assigneeId],
    );
    return row;
  }

  async close(
    manager: EntityManager,
    id: string,
    outcome: { cipher: string; keyId: string },
    by: string,
  ): Promise<GrievanceRow> {
    const [row] = await manager.query<GrievanceRow[]>(
      `WITH u AS (
         UPDATE grievances SET status = 'closed', outcome_cipher = $2, outcome_key_id = $3,
                closed_by = $4, closed_at = now()
          WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [id, outcome.cipher, outcome.keyId, by],
    );
    return row;
  }

  /**
   * Marks open grievances past their due time as overdue, at most `limit`, and returns them: the
   * mark makes each one's alert event once, however many sweeps run.
   */
  async markOverdue(manager: EntityManager, now: Date, limit: number): Promise<GrievanceRow[]> {
    return manager.query<GrievanceRow[]>(
      `WITH due AS (
         SELECT id FROM grievances
          WHERE status <> 'closed' AND overdue_at IS NULL AND due_at <= $1
          ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
       u AS (UPDATE grievances g SET overdue_at = $1 FROM due WHERE g.id = due.id RETURNING g.*)
       SELECT * FROM u ORDER BY due_at, id`,
      [now, limit],
    );
  }

  async beneficiaryScope(
    manager: EntityManager,
    beneficiaryId: string,
  ): Promise<{ incident_id: string; org_code: string } | undefined> {
    const [row] = await manager.query<{ incident_id: string; org_code: string }[]>(
      `SELECT incident_id, org_code FROM beneficiaries WHERE id = $1`,
      [beneficiaryId],
    );
    return row;
  }
}
