// No advance broken: amount = handed over + returned + outstanding, handed over = its draws, and a
// settled advance has nothing outstanding.
import { big, ident, Queryable, Verdict, verdict } from './verdict';

export interface AdvanceBooks {
  id: string;
  updatedAt: Date;
  status: string;
  amount: bigint;
  handedOver: bigint;
  returned: bigint;
  outstanding: bigint;
  drawn: bigint;
}

export function judgeAdvances(advances: AdvanceBooks[]): Verdict[] {
  return advances.map((a) => {
    const whole = a.handedOver + a.returned + a.outstanding;
    const off = [
      whole !== a.amount && `amount ${a.amount} ≠ ${whole} (handed over + returned + outstanding)`,
      a.drawn !== a.handedOver && `handed over ${a.handedOver} but draws add up to ${a.drawn}`,
      a.status === 'settled' && a.outstanding !== 0n && `settled with ${a.outstanding} outstanding`,
    ].filter((p): p is string => typeof p === 'string');
    return verdict('advance whole', `advance ${a.id}`, a.updatedAt, off.join('; '));
  });
}

export async function loadAdvances(db: Queryable, fundsSchema: string): Promise<AdvanceBooks[]> {
  const s = ident(fundsSchema);
  const { rows } = await db.query<Record<string, string | Date>>(
    `SELECT a.id, a.updated_at, a.status, a.amount_fen, a.handed_over_fen, a.returned_fen, a.outstanding_fen,
            (SELECT coalesce(sum(amount_fen), 0) FROM ${s}.advance_draws d WHERE d.advance_id = a.id) AS drawn
       FROM ${s}.advances a ORDER BY a.created_at, a.id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    updatedAt: r.updated_at as Date,
    status: String(r.status),
    amount: big(r.amount_fen as string),
    handedOver: big(r.handed_over_fen as string),
    returned: big(r.returned_fen as string),
    outstanding: big(r.outstanding_fen as string),
    drawn: big(r.drawn as string),
  }));
}
