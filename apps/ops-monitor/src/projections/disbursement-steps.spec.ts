import {
  applyStep,
  contributionOf,
  DisbursementSteps,
  DisbursementStepType,
  FundContribution,
} from './disbursement-steps';

const at = new Date('2021-05-26T10:00:00+08:00');
const steps = (over: Partial<DisbursementSteps>): DisbursementSteps => ({
  amountFen: 50_000n,
  approvedAt: null,
  rejectedAt: null,
  cancelledAt: null,
  deliveredAt: null,
  ...over,
});

describe('contributionOf (the ledger rules of fund-allocation)', () => {
  it('reserves on approval, turns it into delivered money on delivery', () => {
    expect(contributionOf(steps({}))).toEqual({ reservedFen: 0n, deliveredFen: 0n });
    expect(contributionOf(steps({ approvedAt: at }))).toEqual({
      reservedFen: 50_000n,
      deliveredFen: 0n,
    });
    expect(contributionOf(steps({ approvedAt: at, deliveredAt: at }))).toEqual({
      reservedFen: 0n,
      deliveredFen: 50_000n,
    });
  });

  it('releases the reservation when an approved disbursement is rejected or cancelled', () => {
    expect(contributionOf(steps({ approvedAt: at, cancelledAt: at }))).toEqual({
      reservedFen: 0n,
      deliveredFen: 0n,
    });
    expect(contributionOf(steps({ approvedAt: at, rejectedAt: at }))).toEqual({
      reservedFen: 0n,
      deliveredFen: 0n,
    });
    expect(contributionOf(steps({ rejectedAt: at }))).toEqual({
      reservedFen: 0n,
      deliveredFen: 0n,
    });
  });

  it('gives the same result whatever order the steps were seen in', () => {
    // Delivered seen before approved (another partition overtook): still delivered, never reserved twice.
    expect(contributionOf(steps({ deliveredAt: at }))).toEqual(
      contributionOf(steps({ deliveredAt: at, approvedAt: at })),
    );
  });

  it('books deltas that sum to the final contribution in every arrival order', () => {
    const none = steps({ amountFen: null });
    const permutations = <T>(items: T[]): T[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((item, i) =>
            permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [
              item,
              ...rest,
            ]),
          );
    const subsets = <T>(items: T[]): T[][] =>
      items.reduce<T[][]>((acc, item) => [...acc, ...acc.map((s) => [...s, item])], [[]]);
    const stepTypes: DisbursementStepType[] = [
      'disbursement.approved',
      'disbursement.delivered',
      'disbursement.cancelled',
    ];
    // What the fund must hold once these steps have been seen, by the ledger's rules.
    const finalFor = (seen: DisbursementStepType[]): FundContribution =>
      seen.includes('disbursement.delivered')
        ? { reservedFen: 0n, deliveredFen: 50_000n }
        : seen.includes('disbursement.approved') && !seen.includes('disbursement.cancelled')
          ? { reservedFen: 50_000n, deliveredFen: 0n }
          : { reservedFen: 0n, deliveredFen: 0n };

    let orders = 0;
    for (const seen of subsets(stepTypes)) {
      for (const order of permutations(seen)) {
        let current = none;
        const booked: FundContribution = { reservedFen: 0n, deliveredFen: 0n };
        for (const type of order) {
          const { after, delta } = applyStep(current, type, at, 50_000n);
          booked.reservedFen += delta.reservedFen;
          booked.deliveredFen += delta.deliveredFen;
          current = after;
        }
        expect({ order, booked }).toEqual({ order, booked: contributionOf(current) });
        expect({ order, booked }).toEqual({ order, booked: finalFor(seen) });
        // A step seen twice (redelivery) books nothing more.
        for (const type of order) {
          expect(applyStep(current, type, at, 50_000n).delta).toEqual({
            reservedFen: 0n,
            deliveredFen: 0n,
          });
        }
        orders += 1;
      }
    }
    expect(orders).toBe(1 + 3 + 6 + 6);
  });
});
