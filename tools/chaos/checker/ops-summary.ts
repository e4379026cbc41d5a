// The ops summary equal to the funds' books to the fen: each fund's five figures as operations
// shows them (the incident summary through the gateway, else ops' fund projection) against
// fund-allocation's own row.
import { FundBooks } from './books';
import { big, ident, Queryable, Verdict, verdict } from './verdict';

export interface OpsFigures {
  amount: bigint;
  allocatedDown: bigint;
  reserved: bigint;
  delivered: bigint;
  available: bigint;
}

/** Reads one incident's summary (GET /api/ops/incidents/{id}/summary) as an ops user. */
export type SummaryReader = (incidentId: string) => Promise<{
  funds: {
    items: {
      fundId: string;
      amountFen: number;
      allocatedDownFen: number;
      reservedFen: number;
      deliveredFen: number;
      availableFen: number;
    }[];
  };
}>;

export function judgeOpsBooks(funds: FundBooks[], ops: ReadonlyMap<string, OpsFigures>): Verdict[] {
  return funds.map((f) => {
    const seen = ops.get(f.id);
    const subject = `fund ${f.id}`;
    if (!seen) return verdict('ops = funds', subject, f.updatedAt, 'missing from operations');
    const off = (['amount', 'allocatedDown', 'reserved', 'delivered', 'available'] as const)
      .filter((k) => seen[k] !== f[k])
      .map((k) => `${k}: ops ${seen[k]} vs funds ${f[k]}`);
    return verdict('ops = funds', subject, f.updatedAt, off.join('; '));
  });
}

/** Ops' figures per fund: from the summaries of every incident ops knows, the projection for the rest. */
export async function loadOpsFigures(
  db: Queryable,
  opsSchema: string,
  readSummary?: SummaryReader,
): Promise<Map<string, OpsFigures>> {
  const s = ident(opsSchema);
  const figures = new Map<string, OpsFigures>();
  const { rows } = await db.query<{
    fund_id: string;
    amount_fen: string;
    allocated_down_fen: string;
    reserved_fen: string;
    delivered_fen: string;
  }>(
    `SELECT fund_id, amount_fen, allocated_down_fen, reserved_fen, delivered_fen FROM ${s}.fund_view`,
  );
  for (const r of rows) {
    const amount = big(r.amount_fen);
    const [allocatedDown, reserved, delivered] = [
      r.allocated_down_fen,
      r.reserved_fen,
      r.delivered_fen,
    ].map(big);
    figures.set(r.fund_id, {
      amount,
      allocatedDown,
      reserved,
      delivered,
      available: amount - allocatedDown - reserved - delivered,
    });
  }
  if (!readSummary) return figures;
  const incidents = await db.query<{ incident_id: string }>(
    `SELECT incident_id FROM ${s}.incident_view`,
  );
  for (const { incident_id } of incidents.rows) {
    const summary = await readSummary(incident_id);
    for (const f of summary.funds.items)
      figures.set(f.fundId, {
        amount: BigInt(f.amountFen),
        allocatedDown: BigInt(f.allocatedDownFen),
        reserved: BigInt(f.reservedFen),
        delivered: BigInt(f.deliveredFen),
        available: BigInt(f.availableFen),
      });
  }
  return figures;
}
