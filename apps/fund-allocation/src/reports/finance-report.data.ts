/** What the finance report shows, read in one snapshot and limited to the caller's subtree. */
export interface FinanceReportData {
  incidentId: string;
  /** The snapshot's time: every figure below is as of this instant. */
  asOf: Date;
  /** The caller's own union unit: the report covers it and everything below it. */
  scopeOrgName: string;
  funds: FundLine[];
  allocations: AllocationLine[];
  disbursements: DisbursementStatusLine[];
  advances: AdvanceLine[];
  verifications: VerificationLine[];
}

export interface FundLine {
  id: string;
  code: string;
  name: string;
  ownerOrgCode: string;
  ownerOrgName: string;
  parentFundId: string | null;
  /** 0 for a fund whose parent the caller does not see; one more per allocation below it. */
  depth: number;
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

export interface AllocationLine {
  fromFundCode: string;
  fromOrgName: string;
  toFundCode: string;
  toOrgName: string;
  amountFen: number;
  at: Date;
}

export type DisbursementStatus =
  'requested' | 'partially_approved' | 'approved' | 'delivered' | 'rejected' | 'cancelled';

export interface DisbursementStatusLine {
  status: DisbursementStatus;
  count: number;
  amountFen: number;
}

export type AdvanceStatus =
  'requested' | 'partially_approved' | 'issued' | 'settled' | 'discrepancy' | 'rejected';

export interface AdvanceLine {
  fundCode: string;
  teamName: string;
  amountFen: number;
  handedOverFen: number;
  returnedFen: number;
  outstandingFen: number;
  status: AdvanceStatus;
  settledAt: Date | null;
}

export interface VerificationLine {
  fundCode: string;
  confidence: number;
  marginOfError: number;
  populationSize: number;
  sampleSize: number;
  received: number;
  notReceived: number;
  withIssues: number;
  pending: number;
  createdAt: Date;
}

/** Funds in tree order (each parent before its children, siblings by creation) with their depth. */
export function inTreeOrder<T extends { id: string; parentFundId: string | null }>(
  funds: T[],
): (T & { depth: number })[] {
  const ids = new Set(funds.map((f) => f.id));
  const children = new Map<string | null, T[]>();
  for (const fund of funds) {
    const parent =
      fund.parentFundId !== null && ids.has(fund.parentFundId) ? fund.parentFundId : null;
    children.set(parent, [...(children.get(parent) ?? []), fund]);
  }
  const out: (T & { depth: number })[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const fund of children.get(parent) ?? []) {
      out.push({ ...fund, depth });
      walk(fund.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
