// Every fund's reconciliation identity (amount = allocated down + reserved + delivered + available)
// and its ledger: each balance column equals its bucket's rows, amount = −funding, and every
// movement's rows sum to zero.
import { big, ident, Queryable, Verdict, verdict } from './verdict';

export interface FundBooks {
  id: string;
  updatedAt: Date;
  amount: bigint;
  allocatedDown: bigint;
  reserved: bigint;
  delivered: bigint;
  available: bigint;
  /** Ledger sums per bucket. */
  ledger: {
    funding: bigint;
    allocatedDown: bigint;
    reserved: bigint;
    delivered: bigint;
    available: bigint;
  };
  /** Movements of this fund whose rows do not sum to zero. */
  unbalancedMovements: number;
}

export function judgeBooks(funds: FundBooks[]): Verdict[] {
  return funds.flatMap((f) => {
    const subject = `fund ${f.id}`;
    const sum = f.allocatedDown + f.reserved + f.delivered + f.available;
    const identity = verdict(
      'fund identity',
      subject,
      f.updatedAt,
      sum !== f.amount &&
        `amount ${f.amount} ≠ ${sum} (allocated down + reserved + delivered + available)`,
    );
    const l = f.ledger;
    const off = [
      -l.funding !== f.amount && `amount ${f.amount} vs ledger funding ${-l.funding}`,
      l.allocatedDown !== f.allocatedDown &&
        `allocated down ${f.allocatedDown} vs ledger ${l.allocatedDown}`,
      l.reserved !== f.reserved && `reserved ${f.reserved} vs ledger ${l.reserved}`,
      l.delivered !== f.delivered && `delivered ${f.delivered} vs ledger ${l.delivered}`,
      l.available !== f.available && `available ${f.available} vs ledger ${l.available}`,
      f.unbalancedMovements > 0 && `${f.unbalancedMovements} movements do not sum to zero`,
    ].filter((p): p is string => typeof p === 'string');
    return [identity, verdict('ledger sums', subject, f.updatedAt, off.join('; '))];
  });
}

interface BooksRow {
  id: string;
  updated_at: Date;
  amount_fen: string;
  allocated_down_fen: string;
  reserved_fen: string;
  delivered_fen: string;
  available_fen: string;
  l_funding: string;
  l_allocated_down: string;
  l_reserved: string;
  l_delivered: string;
  l_available: string;
  unbalanced: string;
}

export async function loadBooks(db: Queryable, fundsSchema: string): Promise<FundBooks[]> {
  const s = ident(fundsSchema);
  const { rows } = await db.query<BooksRow>(
    `WITH sums AS (
       SELECT fund_id,
              sum(delta_fen) FILTER (WHERE bucket = 'funding') AS l_funding,
              sum(delta_fen) FILTER (WHERE bucket = 'allocated_down') AS l_allocated_down,
              sum(delta_fen) FILTER (WHERE bucket = 'reserved') AS l_reserved,
              sum(delta_fen) FILTER (WHERE bucket = 'delivered') AS l_delivered,
              sum(delta_fen) FILTER (WHERE bucket = 'available') AS l_available
         FROM ${s}.ledger_entries GROUP BY fund_id),
     unbalanced AS (
       SELECT e.fund_id, count(DISTINCT e.movement_id) AS n
         FROM ${s}.ledger_entries e
         JOIN (SELECT movement_id FROM ${s}.ledger_entries GROUP BY movement_id HAVING sum(delta_fen) <> 0) m
           ON m.movement_id = e.movement_id
        GROUP BY e.fund_id)
     SELECT f.id, f.updated_at, f.amount_fen, f.allocated_down_fen, f.reserved_fen, f.delivered_fen,
            f.available_fen, s.l_funding, s.l_allocated_down, s.l_reserved, s.l_delivered, s.l_available,
            coalesce(u.n, 0) AS unbalanced
       FROM ${s}.funds f LEFT JOIN sums s ON s.fund_id = f.id LEFT JOIN unbalanced u ON u.fund_id = f.id
      ORDER BY f.created_at, f.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    updatedAt: r.updated_at,
    amount: big(r.amount_fen),
    allocatedDown: big(r.allocated_down_fen),
    reserved: big(r.reserved_fen),
    delivered: big(r.delivered_fen),
    available: big(r.available_fen),
    ledger: {
      funding: big(r.l_funding),
      allocatedDown: big(r.l_allocated_down),
      reserved: big(r.l_reserved),
      delivered: big(r.l_delivered),
      available: big(r.l_available),
    },
    unbalancedMovements: Number(r.unbalanced),
  }));
}
