import { FundPurpose, FundSource } from '@aidflow/contracts';
import { Balances, balancesOf, FundRow } from '../../ledger/ledger.service';
import { Page } from '@aidflow/platform';

export interface FundView extends Balances {
  id: string;
  code: string;
  name: string;
  source: FundSource;
  purpose: FundPurpose;
  ownerOrgCode: string;
  incidentId?: string;
  parentFundId?: string;
  createdAt: string;
  updatedAt: string;
}

export function toFundView(row: FundRow): FundView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    source: row.source as FundSource,
    purpose: row.purpose as FundPurpose,
    ownerOrgCode: row.owner_org_code,
    ...(row.incident_id !== null ? { incidentId: row.incident_id } : {}),
    ...(row.parent_fund_id !== null ? { parentFundId: row.parent_fund_id } : {}),
    ...balancesOf(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Sums per source and purpose over every fund the filter matches (not just the page). A child
 * fund's amount is also in its parent's allocatedDownFen, so `externalFen` (the amounts of funds
 * no allocation created) is the money that entered from outside; the other buckets are disjoint.
 */
export interface FundTotals extends Balances {
  source: FundSource;
  purpose: FundPurpose;
  fundCount: number;
  externalFen: number;
}

export interface FundPage extends Page<FundView> {
  totals: FundTotals[];
}

export interface AllocationSummary {
  allocationId: string;
  toFundId: string;
  toOrgCode: string;
  amountFen: number;
  createdAt: string;
}

export interface Reconciliation extends Balances {
  fundId: string;
  code: string;
  ownerOrgCode: string;
  /** amountFen = allocatedDownFen + reservedFen + deliveredFen + availableFen. */
  balanced: boolean;
  /** The balance columns equal the sums of the fund's ledger rows, bucket by bucket. */
  ledgerConsistent: boolean;
  ledger: Balances;
  allocations: AllocationSummary[];
  asOf: string;
}
