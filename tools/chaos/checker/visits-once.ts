// Every accepted visit exactly once in welfare-visit, in ops (the visit and each person visited)
// and in the funds' deliveries (each verified cash line one delivery, each goods line once in
// stock and in ops' goods); a visit the workload saw accepted but absent is lost.
import { ident, Queryable, Verdict, verdict } from './verdict';

export interface VisitTrail {
  id: string;
  createdAt: Date;
  /** Rows of this id in welfare-visit (0 = lost). */
  visitRows: number;
  people: number;
  opsVisitRows: number;
  opsPeople: number;
  verifiedCashLines: number;
  fundsDeliveredDisbursements: number;
  fundsDeliveryEntries: number;
  goodsQuantity: number;
  fundsGoodsQuantity: number;
  opsGoodsQuantity: number;
}

export function judgeVisits(visits: VisitTrail[]): Verdict[] {
  return visits.map((v) => {
    const off = [
      v.visitRows !== 1 && `${v.visitRows} rows in welfare-visit`,
      v.opsVisitRows !== 1 && `${v.opsVisitRows} rows in ops`,
      v.opsPeople !== v.people && `ops has ${v.opsPeople} of ${v.people} people`,
      v.fundsDeliveredDisbursements !== v.verifiedCashLines &&
        `funds delivered ${v.fundsDeliveredDisbursements} of ${v.verifiedCashLines} cash lines`,
      v.fundsDeliveryEntries !== v.verifiedCashLines &&
        `${v.fundsDeliveryEntries} delivery movements for ${v.verifiedCashLines} cash lines`,
      v.fundsGoodsQuantity !== v.goodsQuantity &&
        `funds took ${v.fundsGoodsQuantity} of ${v.goodsQuantity} goods`,
      v.opsGoodsQuantity !== v.goodsQuantity &&
        `ops shows ${v.opsGoodsQuantity} of ${v.goodsQuantity} goods`,
    ].filter((p): p is string => typeof p === 'string');
    return verdict('visit once', `visit ${v.id}`, v.createdAt, off.join('; '));
  });
}

/** Accepted visits, plus `expected` ids (accepted as far as the workload saw) wherever they are. */
export async function loadVisitTrails(
  db: Queryable,
  schemas: { visits: string; funds: string; ops: string },
  expected: readonly string[] = [],
): Promise<VisitTrail[]> {
  const [v, f, o] = [ident(schemas.visits), ident(schemas.funds), ident(schemas.ops)];
  const { rows } = await db.query<Record<string, string | Date>>(
    `WITH ids AS (
       SELECT id FROM ${v}.visits WHERE status = 'accepted'
       UNION SELECT unnest($1::uuid[]))
     SELECT ids.id,
            coalesce((SELECT min(created_at) FROM ${v}.visits x WHERE x.id = ids.id), now()) AS created_at,
            (SELECT count(*) FROM ${v}.visits x WHERE x.id = ids.id) AS visit_rows,
            (SELECT count(*) FROM ${v}.visit_beneficiaries b WHERE b.visit_id = ids.id) AS people,
            (SELECT count(*) FROM ${o}.visit_view x WHERE x.visit_id = ids.id) AS ops_visit_rows,
            (SELECT count(*) FROM ${o}.visit_beneficiary x WHERE x.visit_id = ids.id) AS ops_people,
            (SELECT count(*) FROM ${v}.visit_cash_lines c WHERE c.visit_id = ids.id AND c.verification = 'verified') AS verified_cash,
            (SELECT count(*) FROM ${f}.disbursements d WHERE d.delivered_visit_id = ids.id) AS funds_delivered,
            (SELECT count(*) FROM ${f}.ledger_entries l
              WHERE l.visit_id = ids.id AND l.kind = 'delivery' AND l.bucket = 'delivered') AS funds_entries,
            (SELECT coalesce(sum(quantity), 0) FROM ${v}.visit_goods_lines g WHERE g.visit_id = ids.id) AS goods,
            (SELECT coalesce(sum(quantity), 0) FROM ${f}.stock_movements m
              WHERE m.visit_id = ids.id AND m.kind = 'delivery') AS funds_goods,
            (SELECT coalesce(sum(quantity), 0) FROM ${o}.goods_delivery g WHERE g.visit_id = ids.id) AS ops_goods
       FROM ids ORDER BY ids.id`,
    [expected],
  );
  return rows.map((r) => ({
    id: String(r.id),
    createdAt: r.created_at as Date,
    visitRows: Number(r.visit_rows),
    people: Number(r.people),
    opsVisitRows: Number(r.ops_visit_rows),
    opsPeople: Number(r.ops_people),
    verifiedCashLines: Number(r.verified_cash),
    fundsDeliveredDisbursements: Number(r.funds_delivered),
    fundsDeliveryEntries: Number(r.funds_entries),
    goodsQuantity: Number(r.goods),
    fundsGoodsQuantity: Number(r.funds_goods),
    opsGoodsQuantity: Number(r.ops_goods),
  }));
}
