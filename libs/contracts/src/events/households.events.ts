import {
  CountField,
  EnumField,
  EnumListField,
  FenField,
  MASKED_ID_NUMBER_PATTERN,
  OrgCodeField,
  PatternField,
  TextField,
  TimestampField,
  UuidField,
} from '../validation/fields';
import { BENEFICIARY_TIERS, BeneficiaryTier } from './intake.events';

export const HOUSEHOLD_SHOCKS = [
  'illness',
  'disability',
  'disaster',
  'job_loss',
  'education',
  'other',
] as const;
export type HouseholdShock = (typeof HOUSEHOLD_SHOCKS)[number];

/** The relapse-monitoring rules (预防返贫致困监测); each is configured by an admin. */
export const RELAPSE_RULE_CODES = [
  'low_income_per_person',
  'spending_above_income',
  'new_shock',
  'deep_not_visited',
  'left_support_watch',
] as const;
export type RelapseRuleCode = (typeof RELAPSE_RULE_CODES)[number];

const MASKED_MESSAGE =
  '$property must be a masked id number (first 6 and last 4 characters, 8 asterisks between)';

/** A dated assessment of a household (分层建档). No name, phone, full id number or free-text note. */
export class HouseholdAssessedV1 {
  @UuidField()
  assessmentId!: string;

  @UuidField()
  beneficiaryId!: string;

  @PatternField(MASKED_ID_NUMBER_PATTERN, MASKED_MESSAGE)
  idNumberMasked!: string;

  @UuidField()
  incidentId!: string;

  @UuidField({ optional: true })
  siteId?: string;

  @OrgCodeField()
  orgCode!: string;

  @TimestampField()
  assessedAt!: string;

  @FenField(0, { optional: true })
  monthlyIncomeFen?: number;

  @CountField(1, 100)
  householdSize!: number;

  @EnumListField(HOUSEHOLD_SHOCKS)
  shocks!: HouseholdShock[];

  @FenField(0, { optional: true })
  essentialSpendingFen?: number;

  /** The household's tier after this assessment. */
  @EnumField(BENEFICIARY_TIERS)
  tier!: BeneficiaryTier;
}

/** A household moved to another tier (e.g. left support: `to` = none). */
export class HouseholdTierChangedV1 {
  @UuidField()
  beneficiaryId!: string;

  @PatternField(MASKED_ID_NUMBER_PATTERN, MASKED_MESSAGE)
  idNumberMasked!: string;

  @UuidField()
  incidentId!: string;

  @UuidField({ optional: true })
  siteId?: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField()
  assessmentId!: string;

  @EnumField(BENEFICIARY_TIERS)
  from!: BeneficiaryTier;

  @EnumField(BENEFICIARY_TIERS)
  to!: BeneficiaryTier;

  @TimestampField()
  changedAt!: string;
}

/** A relapse rule fired for a household: a `relapse_risk` follow-up was opened. */
export class HouseholdAtRiskV1 {
  @UuidField()
  followUpId!: string;

  @UuidField()
  beneficiaryId!: string;

  @PatternField(MASKED_ID_NUMBER_PATTERN, MASKED_MESSAGE)
  idNumberMasked!: string;

  @UuidField()
  incidentId!: string;

  @UuidField({ optional: true })
  siteId?: string;

  @OrgCodeField()
  orgCode!: string;

  @EnumField(RELAPSE_RULE_CODES)
  ruleCode!: RelapseRuleCode;

  /** Why the rule fired, in figures only (no personal data). */
  @TextField(500)
  reason!: string;

  @TimestampField()
  openedAt!: string;
}
