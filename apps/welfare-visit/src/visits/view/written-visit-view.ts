// The view of a visit just inserted, from what was written: no read-back after the commit.
import { VisitView } from '../dto/visit.view';
import { VisitRecord } from '../visit-rows';
import { CashLine } from '../visit-rules';
import { VisitLineRows } from '../visit.repository';
import { toVisitViews } from './visit-view.builder';

export function writtenVisitView(
  record: VisitRecord,
  cash: readonly CashLine[],
  createdAt: Date,
): VisitView {
  const { visit } = record;
  const lines: VisitLineRows = {
    beneficiaries: visit.beneficiaries.map((b) => ({
      visit_id: visit.id,
      beneficiary_id: b.beneficiaryId,
      needs: b.needs ?? [],
      receipt_sha256: b.receiptSha256 ?? null,
    })),
    cash: cash.map((c) => ({
      visit_id: visit.id,
      beneficiary_id: c.beneficiaryId,
      disbursement_id: c.disbursementId,
      amount_fen: String(c.amountFen),
      verification: c.verification,
      problem: null,
    })),
    goods: visit.beneficiaries.flatMap((b) =>
      (b.goods ?? []).map((g) => ({
        visit_id: visit.id,
        beneficiary_id: b.beneficiaryId,
        item_code: g.itemCode,
        quantity: g.quantity,
      })),
    ),
  };
  const [view] = toVisitViews(
    [
      {
        id: visit.id,
        teamId: record.teamId,
        siteId: visit.siteId,
        incidentId: record.incidentId,
        orgCode: record.orgCode,
        visitedAt: new Date(visit.visitedAt),
        lat: visit.location?.lat ?? null,
        lon: visit.location?.lon ?? null,
        notes: visit.notes ?? null,
        status: record.status,
        flagReason: null,
        loggedBy: record.loggedBy,
        createdAt,
        verifiedAt: null,
      },
    ],
    lines,
  );
  if (!view) throw new Error(`visit ${visit.id} has no view`);
  return view;
}
