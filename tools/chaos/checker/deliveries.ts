// Every disbursement delivered at most once: at most one delivery movement, one 'delivered' step
// in its history and one draw on an advance; delivered status exactly when it was delivered.
import { ident, Queryable, Verdict, verdict } from './verdict';

export interface DisbursementTrail {
  id: string;
  updatedAt: Date;
  status: string;
  deliveryEntries: number;
  deliveredSteps: number;
  draws: number;
}

export function judgeDeliveries(disbursements: DisbursementTrail[]): Verdict[] {
  return disbursements.map((d) => {
    const delivered = d.status === 'delivered';
    const off = [
      d.deliveryEntries > 1 && `${d.deliveryEntries} delivery movements`,
      d.deliveredSteps > 1 && `delivered ${d.deliveredSteps} times in its history`,
      d.draws > 1 && `${d.draws} advance draws`,
      delivered !== (d.deliveryEntries === 1) &&
        `status ${d.status} with ${d.deliveryEntries} delivery movements`,
    ].filter((p): p is string => typeof p === 'string');
    return verdict('delivery ≤ 1', `disbursement ${d.id}`, d.updatedAt, off.join('; '));
  });
}

export async function loadDisbursementTrails(
  db: Queryable,
  fundsSchema: string,
): Promise<DisbursementTrail[]> {
  const s = ident(fundsSchema);
  const { rows } = await db.query<{
    id: string;
    updated_at: Date;
    status: string;
    entries: string;
    steps: string;
    draws: string;
  }>(
    `SELECT d.id, d.updated_at, d.status,
            (SELECT count(*) FROM ${s}.ledger_entries l
              WHERE l.disbursement_id = d.id AND l.kind = 'delivery' AND l.bucket = 'delivered') AS entries,
            (SELECT count(*) FROM ${s}.disbursement_events e
              WHERE e.disbursement_id = d.id AND e.action = 'delivered') AS steps,
            (SELECT count(*) FROM ${s}.advance_draws a WHERE a.disbursement_id = d.id) AS draws
       FROM ${s}.disbursements d ORDER BY d.created_at, d.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    updatedAt: r.updated_at,
    status: r.status,
    deliveryEntries: Number(r.entries),
    deliveredSteps: Number(r.steps),
    draws: Number(r.draws),
  }));
}
