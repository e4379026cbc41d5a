import { contributionOf, DisbursementSteps } from './disbursement-steps';

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
});
