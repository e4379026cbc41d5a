import {
  CountField,
  EnumField,
  EnumListField,
  FenField,
  NestedField,
  OrgCodeField,
  PatternField,
  SHA256_HEX_PATTERN,
  TextField,
  UserIdField,
  UserIdListField,
  UuidField,
  UuidListField,
  TimestampField,
} from '../validation/fields';
import { GeoPointV1 } from './common';

export const VISIT_STATUSES = ['accepted', 'pending_verification'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const NEED_KINDS = ['psychological', 'medical', 'housing', 'livelihood', 'other'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

const REASON_MAX_LENGTH = 1000;

export class TeamRegisteredV1 {
  @UuidField()
  teamId!: string;

  @TextField(200)
  name!: string;

  @OrgCodeField()
  orgCode!: string;

  @UserIdListField()
  memberIds!: string[];

  @UuidListField()
  siteIds!: string[];
}

export class VisitCashV1 {
  @UuidField()
  disbursementId!: string;

  @FenField(1)
  amountFen!: number;
}

export class VisitGoodsV1 {
  @TextField(64)
  itemCode!: string;

  @CountField(1, 1_000_000_000)
  quantity!: number;
}

export class VisitedBeneficiaryV1 {
  @UuidField()
  beneficiaryId!: string;

  @NestedField(() => VisitCashV1, { optional: true })
  cash?: VisitCashV1;

  @NestedField(() => VisitGoodsV1, { optional: true, each: true })
  goods?: VisitGoodsV1[];

  @EnumListField(NEED_KINDS, { optional: true })
  needs?: NeedKind[];

  /** SHA-256 of the signed receipt photo kept on the field device. */
  @PatternField(SHA256_HEX_PATTERN, '$property must be 64 hexadecimal characters', {
    optional: true,
  })
  receiptSha256?: string;
}

/** Free-text notes stay in the visit service: they may hold personal data. */
export class VisitLoggedV1 {
  @UuidField()
  visitId!: string;

  @UuidField()
  teamId!: string;

  @UuidField()
  siteId!: string;

  @UuidField()
  incidentId!: string;

  @OrgCodeField()
  orgCode!: string;

  @TimestampField()
  visitedAt!: string;

  @EnumField(VISIT_STATUSES)
  status!: VisitStatus;

  @NestedField(() => GeoPointV1, { optional: true })
  location?: GeoPointV1;

  @NestedField(() => VisitedBeneficiaryV1, { each: true })
  beneficiaries!: VisitedBeneficiaryV1[];
}

export class VisitVerifiedV1 {
  @UuidField()
  visitId!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField()
  incidentId!: string;
}

export class VisitFlaggedV1 {
  @UuidField()
  visitId!: string;

  @TextField(REASON_MAX_LENGTH)
  reason!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField()
  incidentId!: string;
}

export class FollowUpOpenedV1 {
  @UuidField()
  followUpId!: string;

  /** Absent when the follow-up was opened directly rather than from a visit's needs. */
  @UuidField({ optional: true })
  visitId?: string;

  @UuidField()
  beneficiaryId!: string;

  @UuidField()
  siteId!: string;

  @UuidField()
  incidentId!: string;

  @EnumField(NEED_KINDS)
  kind!: NeedKind;

  @TimestampField()
  dueAt!: string;

  @OrgCodeField()
  orgCode!: string;
}

export class FollowUpAssignedV1 {
  @UuidField()
  followUpId!: string;

  @UserIdField()
  assigneeId!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField()
  incidentId!: string;
}

export class FollowUpClosedV1 {
  @UuidField()
  followUpId!: string;

  @TextField(REASON_MAX_LENGTH)
  outcome!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField()
  incidentId!: string;
}
