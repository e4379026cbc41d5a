import { AnyTypedEvent } from '@aidflow/contracts';
import { EntityManager } from 'typeorm';

export type AdvanceEvent = Extract<AnyTypedEvent, { type: `advance.${string}` }>;

/**
 * Keeps advance_view in step with the advance events (one aggregate, one partition: in order).
 * Upserts with coalesce so a replayed or late event never erases what a later one set.
 */
export async function projectAdvance(manager: EntityManager, event: AdvanceEvent): Promise<void> {
  const d = event.data;
  const base = [d.advanceId, d.fundId, d.orgCode, d.incidentId ?? null];
  const upsert = (status: string, extra: Record<string, unknown>) => {
    const cols = Object.keys(extra);
    const params = [...base, status, ...Object.values(extra)];
    const names = cols.join(', ');
    const values = cols.map((_, i) => `$${i + 6}`).join(', ');
    const updates = cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    return manager.query(
      `INSERT INTO advance_view (advance_id, fund_id, org_code, incident_id, status${names ? `, ${names}` : ''})
       VALUES ($1, $2, $3, $4, $5${values ? `, ${values}` : ''})
       ON CONFLICT (advance_id) DO UPDATE SET status = CASE
           WHEN advance_view.status IN ('settled', 'discrepancy', 'rejected') AND EXCLUDED.status NOT IN ('settled', 'discrepancy', 'rejected')
           THEN advance_view.status ELSE EXCLUDED.status END${updates ? `, ${updates}` : ''}`,
      params,
    );
  };
  switch (event.type) {
    case 'advance.requested':
      await upsert('requested', {
        team_id: event.data.teamId,
        amount_fen: event.data.amountFen,
        outstanding_fen: event.data.amountFen,
      });
      return;
    case 'advance.partially_approved':
      await upsert('partially_approved', {});
      return;
    case 'advance.issued':
      await upsert('issued', {
        team_id: event.data.teamId,
        amount_fen: event.data.amountFen,
        // Issued precedes every draw of the advance (same aggregate, same partition).
        outstanding_fen: event.data.amountFen,
        issued_at: event.occurredAt,
      });
      return;
    case 'advance.rejected':
      await upsert('rejected', {});
      return;
    case 'advance.drawn':
      await upsert('issued', {
        handed_over_fen: event.data.handedOverFen,
        outstanding_fen: event.data.outstandingFen,
      });
      return;
    case 'advance.settled':
      await upsert(event.data.status, {
        handed_over_fen: event.data.handedOverFen,
        outstanding_fen: event.data.outstandingFen,
        settled_at: event.occurredAt,
      });
      return;
  }
}
