// Visit views from their rows: one builder for a page read back and for a visit just written.
import { fenFromPg } from '@aidflow/database';
import { geoPoint } from '@aidflow/platform';
import { VisitedBeneficiaryView, VisitView } from '../dto/visit.view';
import { VisitLineRows } from '../visit.repository';
import { Visit } from '../visit.entity';

/** The visit columns a view shows (a Visit entity, or the row just inserted). */
export type VisitViewRow = Pick<
  Visit,
  | 'id'
  | 'teamId'
  | 'siteId'
  | 'incidentId'
  | 'orgCode'
  | 'visitedAt'
  | 'lat'
  | 'lon'
  | 'notes'
  | 'status'
  | 'flagReason'
  | 'loggedBy'
  | 'createdAt'
  | 'verifiedAt'
>;

export function toVisitViews(visits: readonly VisitViewRow[], lines: VisitLineRows): VisitView[] {
  const key = (visitId: string, beneficiaryId: string) => `${visitId}/${beneficiaryId}`;
  const cashBy = new Map(lines.cash.map((c) => [key(c.visit_id, c.beneficiary_id), c]));
  const goodsBy = new Map<string, { itemCode: string; quantity: number }[]>();
  for (const g of lines.goods) {
    const k = key(g.visit_id, g.beneficiary_id);
    goodsBy.set(k, [...(goodsBy.get(k) ?? []), { itemCode: g.item_code, quantity: g.quantity }]);
  }
  const beneficiariesBy = new Map<string, VisitedBeneficiaryView[]>();
  for (const b of lines.beneficiaries) {
    const k = key(b.visit_id, b.beneficiary_id);
    const c = cashBy.get(k);
    const g = goodsBy.get(k);
    const item: VisitedBeneficiaryView = {
      beneficiaryId: b.beneficiary_id,
      ...(c
        ? {
            cash: {
              disbursementId: c.disbursement_id,
              amountFen: fenFromPg(c.amount_fen),
              verification: c.verification,
              ...(c.problem !== null ? { problem: c.problem } : {}),
            },
          }
        : {}),
      ...(g ? { goods: g } : {}),
      ...(b.needs.length > 0 ? { needs: b.needs as VisitedBeneficiaryView['needs'] } : {}),
      ...(b.receipt_sha256 !== null ? { receiptSha256: b.receipt_sha256 } : {}),
    };
    beneficiariesBy.set(b.visit_id, [...(beneficiariesBy.get(b.visit_id) ?? []), item]);
  }
  return visits.map((v) => {
    const location = geoPoint(v.lat, v.lon);
    return {
      id: v.id,
      teamId: v.teamId,
      siteId: v.siteId,
      incidentId: v.incidentId,
      orgCode: v.orgCode,
      visitedAt: v.visitedAt.toISOString(),
      ...(location ? { location } : {}),
      ...(v.notes !== null ? { notes: v.notes } : {}),
      status: v.status,
      ...(v.flagReason !== null ? { flagReason: v.flagReason } : {}),
      beneficiaries: beneficiariesBy.get(v.id) ?? [],
      loggedBy: v.loggedBy,
      createdAt: v.createdAt.toISOString(),
      ...(v.verifiedAt !== null ? { verifiedAt: v.verifiedAt.toISOString() } : {}),
    };
  });
}
