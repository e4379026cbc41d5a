// The workload's known outcome against what the system ended with: the fund's five figures, the
// advance settled with everything handed over (every visit: the checker's 'visit once').
import { big, ident, Queryable, Verdict, verdict } from '../checker/verdict';
import { ExpectedFund } from './plan';

export async function checkOutcome(
  db: Queryable,
  fundsSchema: string,
  expected: { fund: ExpectedFund; advances: { id: string; amountFen: number }[] },
): Promise<Verdict[]> {
  const s = ident(fundsSchema);
  const now = new Date();
  const { rows: funds } = await db.query<Record<string, string>>(
    `SELECT amount_fen, allocated_down_fen, reserved_fen, delivered_fen, available_fen FROM ${s}.funds WHERE id = $1`,
    [expected.fund.fundId],
  );
  const f = funds[0];
  const e = expected.fund;
  const fundProblems = !f
    ? ['fund missing']
    : (
        [
          ['amount', f.amount_fen, e.amountFen],
          ['allocated down', f.allocated_down_fen, e.allocatedDownFen],
          ['reserved', f.reserved_fen, e.reservedFen],
          ['delivered', f.delivered_fen, e.deliveredFen],
          ['available', f.available_fen, e.availableFen],
        ] as const
      )
        .filter(([, actual, wanted]) => big(actual) !== wanted)
        .map(([name, actual, wanted]) => `${name} ${actual}, expected ${wanted}`);
  const { rows: advances } = await db.query<{
    id: string;
    status: string;
    handed_over_fen: string;
  }>(`SELECT id, status, handed_over_fen FROM ${s}.advances WHERE id = ANY($1::uuid[])`, [
    expected.advances.map((a) => a.id),
  ]);
  const advanceVerdicts = expected.advances.map((want) => {
    const a = advances.find((row) => row.id === want.id);
    const problem = !a
      ? 'advance missing'
      : (a.status !== 'settled' || big(a.handed_over_fen) !== BigInt(want.amountFen)) &&
        `advance ${a.status} with ${a.handed_over_fen} of ${want.amountFen} fen handed over`;
    return verdict('expected outcome', `advance ${want.id}`, now, problem);
  });
  return [
    verdict('expected outcome', `fund ${e.fundId} figures`, now, fundProblems.join('; ')),
    ...advanceVerdicts,
  ];
}
