// The workload's size and its known outcome: every person registered, paid once through an
// approved disbursement handed over in exactly one accepted visit, the allocations passed down,
// each phase's advance fully handed over and settled, the rest of the fund still available.
export interface Plan {
  runId: string;
  /** At most this many people (the fund is sized for them); the run pays as many as it gets to. */
  persons: number;
  /** People per visit (one site each). */
  perVisit: number;
  sites: number;
  cashPerPersonFen: number;
  /** Every coatEvery-th person also gets a cotton coat. */
  coatEvery: number;
  allocations: { toOrgCode: string; amountFen: number }[];
  /** Derived: coats in stock, the fund's amount. */
  coats: number;
  fundFen: number;
}

export function makePlan(runId: string, persons: number): Plan {
  const cashPerPersonFen = 80_000;
  const coatEvery = 3;
  const allocations = [
    { toOrgCode: 'QH-GL', amountFen: 1_000_000 },
    { toOrgCode: 'QH-GL-MQ', amountFen: 700_000 },
    { toOrgCode: 'QH-GL-MD', amountFen: 500_000 },
  ];
  const capacityFen = persons * cashPerPersonFen;
  const allocated = allocations.reduce((sum, a) => sum + a.amountFen, 0);
  return {
    runId,
    persons,
    perVisit: 4,
    sites: 6,
    cashPerPersonFen,
    coatEvery,
    allocations,
    coats: Math.ceil(persons / coatEvery),
    // 123,456 fen stay available: a known, non-zero remainder.
    fundFen: capacityFen + allocated + 123_456,
  };
}

export interface ExpectedFund {
  fundId: string;
  amountFen: bigint;
  allocatedDownFen: bigint;
  reservedFen: bigint;
  deliveredFen: bigint;
  availableFen: bigint;
}

/** What the fund must show once `paidPeople` were each paid once and every allocation made. */
export function expectedFund(plan: Plan, fundId: string, paidPeople: number): ExpectedFund {
  const allocated = BigInt(plan.allocations.reduce((sum, a) => sum + a.amountFen, 0));
  const delivered = BigInt(paidPeople * plan.cashPerPersonFen);
  return {
    fundId,
    amountFen: BigInt(plan.fundFen),
    allocatedDownFen: allocated,
    reservedFen: 0n,
    deliveredFen: delivered,
    availableFen: BigInt(plan.fundFen) - allocated - delivered,
  };
}
