import { RequestContext } from '@aidflow/platform';
import { EntityManager } from 'typeorm';
import { DisbursementStatus } from './disbursement.entity';
import { HistoryEntry } from './dto/disbursement.view';

/** Appends one step to a disbursement's history; the actor is whoever this unit of work runs for. */
export async function recordHistory(
  manager: EntityManager,
  disbursementId: string,
  action: DisbursementStatus,
  details: { reason?: string; visitId?: string } = {},
): Promise<void> {
  const actor = RequestContext.current()?.actor;
  await manager.query(
    `INSERT INTO disbursement_events (disbursement_id, action, actor_sub, actor_name, reason, visit_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      disbursementId,
      action,
      actor?.sub ?? null,
      actor?.name ?? null,
      details.reason ?? null,
      details.visitId ?? null,
    ],
  );
}

export async function readHistory(
  manager: EntityManager,
  disbursementId: string,
): Promise<HistoryEntry[]> {
  const rows = await manager.query<
    {
      action: DisbursementStatus;
      actor_sub: string | null;
      actor_name: string | null;
      reason: string | null;
      visit_id: string | null;
      at: Date;
    }[]
  >(
    `SELECT action, actor_sub, actor_name, reason, visit_id, at FROM disbursement_events
      WHERE disbursement_id = $1 ORDER BY seq`,
    [disbursementId],
  );
  return rows.map((row) => ({
    action: row.action,
    ...(row.actor_sub !== null
      ? {
          actor: {
            sub: row.actor_sub,
            ...(row.actor_name !== null ? { name: row.actor_name } : {}),
          },
        }
      : {}),
    at: row.at.toISOString(),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.visit_id !== null ? { visitId: row.visit_id } : {}),
  }));
}
