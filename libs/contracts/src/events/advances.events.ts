import {
  EnumField,
  FenField,
  OrgCodeField,
  TextField,
  UserIdField,
  UserIdListField,
  UuidField,
} from '../validation/fields';

export const ADVANCE_STATUSES = [
  'requested',
  'partially_approved',
  'issued',
  'settled',
  'discrepancy',
  'rejected',
] as const;
export type AdvanceStatus = (typeof ADVANCE_STATUSES)[number];

/** How an advance was closed: balanced, or short with an approver's reason. */
export const ADVANCE_SETTLEMENTS = ['settled', 'discrepancy'] as const;
export type AdvanceSettlement = (typeof ADVANCE_SETTLEMENTS)[number];

const REASON_MAX_LENGTH = 1000;

/** A field team asked to carry reserved money of a fund in cash (备用金). */
export class AdvanceRequestedV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  teamId!: string;

  @FenField(1)
  amountFen!: number;

  @UserIdField()
  requestedBy!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** The first of two required approvals of an advance was given. */
export class AdvancePartiallyApprovedV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @UserIdListField()
  approvedBy!: string[];

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** The advance was approved and the cash is in the team's custody (no money left the fund). */
export class AdvanceIssuedV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  teamId!: string;

  @FenField(1)
  amountFen!: number;

  @UserIdListField()
  approvedBy!: string[];

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

export class AdvanceRejectedV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @TextField(REASON_MAX_LENGTH)
  reason!: string;

  @UserIdField()
  rejectedBy!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** A cash handover at a visit drew the team's advance down (amount = handedOver + returned + outstanding). */
export class AdvanceDrawnV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  teamId!: string;

  @UuidField()
  visitId!: string;

  @UuidField()
  disbursementId!: string;

  @FenField(1)
  amountFen!: number;

  @FenField(0)
  handedOverFen!: number;

  @FenField(0)
  outstandingFen!: number;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** The team came back: handed over + returned = drawn (settled), or short, accepted with a reason (discrepancy). */
export class AdvanceSettledV1 {
  @UuidField()
  advanceId!: string;

  @UuidField()
  fundId!: string;

  @UuidField()
  teamId!: string;

  @EnumField(ADVANCE_SETTLEMENTS)
  status!: AdvanceSettlement;

  @FenField(1)
  amountFen!: number;

  @FenField(0)
  handedOverFen!: number;

  @FenField(0)
  returnedFen!: number;

  /** Cash not accounted for: 0 when settled, the shortfall for a discrepancy. */
  @FenField(0)
  outstandingFen!: number;

  @UserIdField()
  settledBy!: string;

  @TextField(REASON_MAX_LENGTH, { optional: true })
  reason?: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}
