import {
  CountField,
  EnumField,
  FenField,
  OrgCodeField,
  TextField,
  UserIdField,
  UserIdListField,
  UuidField,
} from '../validation/fields';

export const FUND_SOURCES = ['central_fiscal', 'local_fiscal', 'union'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export const FUND_PURPOSES = ['condolence', 'working', 'relief', 'other'] as const;
export type FundPurpose = (typeof FUND_PURPOSES)[number];

export const DISCREPANCY_KINDS = ['cash', 'stock'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

const ITEM_CODE_MAX_LENGTH = 64;
// Request purposes are free text in the API (unlike a fund's purpose category).
const PURPOSE_MAX_LENGTH = 200;
const REASON_MAX_LENGTH = 1000;
const MAX_QUANTITY = 1_000_000_000;

export class FundCreatedV1 {
  @UuidField()
  fundId!: string;

  @TextField(64)
  code!: string;

  @TextField(200)
  name!: string;

  @EnumField(FUND_SOURCES)
  source!: FundSource;

  @EnumField(FUND_PURPOSES)
  purpose!: FundPurpose;

  @OrgCodeField()
  ownerOrgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;

  @FenField(0)
  amountFen!: number;

  /** Set when the fund was created by an allocation from a higher-level fund. */
  @UuidField({ optional: true })
  parentFundId?: string;
}

export class FundAllocatedV1 {
  @UuidField()
  allocationId!: string;

  @UuidField()
  fromFundId!: string;

  /** The child fund created for the receiving org. */
  @UuidField()
  toFundId!: string;

  @OrgCodeField()
  fromOrgCode!: string;

  @OrgCodeField()
  toOrgCode!: string;

  @FenField(1)
  amountFen!: number;

  @TextField(PURPOSE_MAX_LENGTH)
  purpose!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

export class DisbursementRequestedV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  beneficiaryId!: string;

  @FenField(1)
  amountFen!: number;

  @TextField(PURPOSE_MAX_LENGTH)
  purpose!: string;

  @UserIdField()
  requestedBy!: string;

  /** Owner of the fund the money comes from. */
  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** First of two approvals above the dual-approval threshold; the money is not reserved yet. */
export class DisbursementPartiallyApprovedV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  @UserIdListField()
  approvedBy!: string[];

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** The money is now reserved on the fund. */
export class DisbursementApprovedV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  beneficiaryId!: string;

  @FenField(1)
  amountFen!: number;

  @UserIdListField()
  approvedBy!: string[];

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

export class DisbursementRejectedV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  /** Carried so projections need not remember the request. */
  @FenField(1)
  amountFen!: number;

  @TextField(REASON_MAX_LENGTH)
  reason!: string;

  @UserIdField()
  rejectedBy!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** Releases a reservation if the request had been approved. */
export class DisbursementCancelledV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  /** Carried so projections can release a reservation without remembering the request. */
  @FenField(1)
  amountFen!: number;

  @UserIdField()
  cancelledBy!: string;

  @TextField(REASON_MAX_LENGTH, { optional: true })
  reason?: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** The cash was handed over during a visit: reserved money becomes delivered money. */
export class DisbursementDeliveredV1 {
  @UuidField()
  disbursementId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  beneficiaryId!: string;

  @UuidField()
  visitId!: string;

  @FenField(1)
  amountFen!: number;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

export class StockReceivedV1 {
  @UuidField()
  receiptId!: string;

  @OrgCodeField()
  orgCode!: string;

  @TextField(ITEM_CODE_MAX_LENGTH)
  itemCode!: string;

  @TextField(200)
  name!: string;

  @CountField(1, MAX_QUANTITY)
  quantity!: number;

  @UuidField({ optional: true })
  incidentId?: string;
}

export class StockDeliveredV1 {
  @OrgCodeField()
  orgCode!: string;

  @TextField(ITEM_CODE_MAX_LENGTH)
  itemCode!: string;

  @CountField(1, MAX_QUANTITY)
  quantity!: number;

  @UuidField()
  visitId!: string;

  @UuidField()
  beneficiaryId!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** `expected` and `actual` are fen for kind "cash" and item counts for kind "stock". */
export class DiscrepancyReportedV1 {
  @EnumField(DISCREPANCY_KINDS)
  kind!: DiscrepancyKind;

  @UuidField({ optional: true })
  visitId?: string;

  @UuidField({ optional: true })
  disbursementId?: string;

  @TextField(ITEM_CODE_MAX_LENGTH, { optional: true })
  itemCode?: string;

  @CountField(0, Number.MAX_SAFE_INTEGER)
  expected!: number;

  @CountField(0, Number.MAX_SAFE_INTEGER)
  actual!: number;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;

  @TextField(REASON_MAX_LENGTH)
  reason!: string;
}

/** v2 adds `advanceId`: a cash advance settled short, accepted by an approver with a reason. */
export class DiscrepancyReportedV2 extends DiscrepancyReportedV1 {
  @UuidField({ optional: true })
  advanceId?: string;
}
