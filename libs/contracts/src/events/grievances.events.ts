import {
  EnumField,
  OrgCodeField,
  TimestampField,
  UserIdField,
  UuidField,
} from '../validation/fields';

export const GRIEVANCE_CATEGORIES = [
  'payment_verification',
  'complaint',
  'data_change',
  'sensitive',
  'other',
] as const;
export type GrievanceCategory = (typeof GRIEVANCE_CATEGORIES)[number];

/** Where a grievance came from: a person, or a failed payment verification. */
export const GRIEVANCE_SOURCES = ['manual', 'verification'] as const;
export type GrievanceSource = (typeof GRIEVANCE_SOURCES)[number];

/** A grievance was opened. The description stays in intake (it may hold personal data). */
export class GrievanceOpenedV1 {
  @UuidField()
  grievanceId!: string;

  @UuidField()
  incidentId!: string;

  @UuidField({ optional: true })
  beneficiaryId?: string;

  @OrgCodeField()
  orgCode!: string;

  @EnumField(GRIEVANCE_CATEGORIES)
  category!: GrievanceCategory;

  @EnumField(GRIEVANCE_SOURCES)
  source!: GrievanceSource;

  @TimestampField()
  openedAt!: string;

  /** 1 day after opening for sensitive grievances, 30 days for the others. */
  @TimestampField()
  dueAt!: string;
}

export class GrievanceAssignedV1 {
  @UuidField()
  grievanceId!: string;

  @UuidField()
  incidentId!: string;

  @OrgCodeField()
  orgCode!: string;

  @EnumField(GRIEVANCE_CATEGORIES)
  category!: GrievanceCategory;

  @UserIdField()
  assigneeId!: string;
}

/** Closed with an outcome (the outcome text stays in intake). */
export class GrievanceClosedV1 {
  @UuidField()
  grievanceId!: string;

  @UuidField()
  incidentId!: string;

  @OrgCodeField()
  orgCode!: string;

  @EnumField(GRIEVANCE_CATEGORIES)
  category!: GrievanceCategory;

  @TimestampField()
  closedAt!: string;
}

/** A grievance passed its due time still open: ops raises an alert until it is closed. */
export class GrievanceOverdueV1 {
  @UuidField()
  grievanceId!: string;

  @UuidField()
  incidentId!: string;

  @OrgCodeField()
  orgCode!: string;

  @EnumField(GRIEVANCE_CATEGORIES)
  category!: GrievanceCategory;

  @TimestampField()
  openedAt!: string;

  @TimestampField()
  dueAt!: string;
}
