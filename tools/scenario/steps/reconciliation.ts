import { ok, type Schemas } from '@aidflow/api-client';
import { COTTON_COATS, PASSED_DOWN, SPECIAL_FUND_FEN, type Person } from '../maduo-data';
import { yuan, type Scenario, type User } from '../scenario';
import type { Recipient } from './disbursements';

/** 9. Reads the reconciliation back from operations' summary once every delivery has landed; false when it disagrees. */
export async function reconciliation(
  s: Scenario,
  ops: User,
  incidentId: string,
  fundId: string,
  expected: { persons: Person[]; recipients: Recipient[]; reached: number },
): Promise<boolean> {
  const { persons, recipients, reached } = expected;
  const followUps = persons.filter((p) => p.psychologicalNeed).length;
  const expectDelivered = recipients.reduce((sum, r) => sum + r.p.cashFen, 0);
  const passedDown = PASSED_DOWN.reduce((sum, a) => sum + a.amountFen, 0);
  let summary: Schemas['FundFigures'] | undefined;
  let whole: Schemas['IncidentSummary'];
  const deadline = Date.now() + 180000;
  for (;;) {
    whole = await ok(
      ops.api.GET('/api/ops/incidents/{id}/summary', { params: { path: { id: incidentId } } }),
    );
    summary = whole.funds.items.find((f) => f.fundId === fundId);
    const coats = whole.goods.find((g) => g.itemCode === 'cotton-coat')?.quantity ?? 0;
    const settled =
      summary?.deliveredFen === expectDelivered &&
      whole.visits.beneficiariesReached === reached &&
      coats === COTTON_COATS &&
      whole.followUps.open === followUps;
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const coatsDelivered = whole.goods.find((g) => g.itemCode === 'cotton-coat')?.quantity ?? 0;
  s.progress(
    `ops summary: ${whole.visits.total} visits, ${whole.visits.beneficiariesReached} people reached, ` +
      `${coatsDelivered} cotton coats delivered, ${whole.followUps.open} follow-ups open`,
  );
  if (!summary) throw new Error('the special fund is missing from the ops summary');
  const line = `${yuan(summary.amountFen)} = ${yuan(summary.deliveredFen)} delivered + ${yuan(summary.allocatedDownFen)} passed down + ${yuan(summary.reservedFen)} reserved + ${yuan(summary.availableFen)} available (yuan)`;
  const agrees =
    whole.visits.beneficiariesReached === reached &&
    coatsDelivered === COTTON_COATS &&
    whole.followUps.open === followUps &&
    summary.amountFen === SPECIAL_FUND_FEN &&
    summary.deliveredFen === expectDelivered &&
    summary.allocatedDownFen === passedDown &&
    summary.reservedFen === 0 &&
    summary.availableFen === 0 &&
    summary.amountFen ===
      summary.deliveredFen + summary.allocatedDownFen + summary.reservedFen + summary.availableFen;
  console.log('');
  console.log(`RECONCILIATION  ${line}`);
  if (!agrees) {
    console.error(
      `MISMATCH: expected 335,000.00 = 245,000.00 delivered + 90,000.00 passed down + 0.00 available, ` +
        `${reached} people reached, ${COTTON_COATS} coats, ${followUps} follow-ups`,
    );
  }
  return agrees;
}
