import {
  AREA_CODE_PATTERN,
  BoundedNumberField,
  CountField,
  EnumField,
  MASKED_ID_NUMBER_PATTERN,
  NestedField,
  OrgCodeField,
  PatternField,
  PatternListField,
  TextField,
  TextListField,
  TimestampField,
  UuidField,
  ORG_CODE_MAX_LENGTH,
} from '../validation/fields';
import { GeoPointV1 } from './common';

export const ORG_LEVELS = [
  'national',
  'province',
  'prefecture',
  'county',
  'township',
  'enterprise',
] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const INCIDENT_KINDS = ['earthquake', 'flood', 'fire', 'landslide', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

/** Forward-only lifecycle of an incident. */
export const INCIDENT_STATUSES = ['open', 'responding', 'recovery', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const SITE_KINDS = ['resettlement', 'work_unit', 'township', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const BENEFICIARY_CATEGORIES = ['frontline_worker', 'affected_family'] as const;
export type BeneficiaryCategory = (typeof BENEFICIARY_CATEGORIES)[number];

export const BENEFICIARY_TIERS = ['deep', 'relative', 'accident', 'none'] as const;
export type BeneficiaryTier = (typeof BENEFICIARY_TIERS)[number];

const AREA_CODE_MESSAGE = '$property must be a 6-digit administrative area code';

export class OrgRegisteredV1 {
  @OrgCodeField()
  code!: string;

  @TextField(200)
  name!: string;

  @EnumField(ORG_LEVELS)
  level!: OrgLevel;

  @OrgCodeField({ optional: true })
  parentCode?: string;

  /** Codes from the root to this org itself, so replicas answer subtree questions without replay order. */
  @TextListField(ORG_CODE_MAX_LENGTH, { minItems: 1 })
  path!: string[];
}

export class IncidentReportedV1 {
  @UuidField()
  incidentId!: string;

  @TextField(200)
  title!: string;

  @EnumField(INCIDENT_KINDS)
  kind!: IncidentKind;

  @TimestampField()
  occurredAt!: string;

  @BoundedNumberField(0, 10, { optional: true })
  magnitude?: number;

  @NestedField(() => GeoPointV1, { optional: true })
  epicenter?: GeoPointV1;

  @PatternListField(AREA_CODE_PATTERN, AREA_CODE_MESSAGE)
  areaCodes!: string[];

  @EnumField(RESPONSE_LEVELS)
  responseLevel!: ResponseLevel;

  @OrgCodeField()
  leadOrgCode!: string;

  @EnumField(INCIDENT_STATUSES)
  status!: IncidentStatus;
}

export class IncidentStatusChangedV1 {
  @UuidField()
  incidentId!: string;

  @EnumField(INCIDENT_STATUSES)
  from!: IncidentStatus;

  @EnumField(INCIDENT_STATUSES)
  to!: IncidentStatus;

  @OrgCodeField()
  leadOrgCode!: string;
}

export class SiteRegisteredV1 {
  @UuidField()
  siteId!: string;

  @UuidField()
  incidentId!: string;

  @TextField(200)
  name!: string;

  @EnumField(SITE_KINDS)
  kind!: SiteKind;

  @PatternField(AREA_CODE_PATTERN, AREA_CODE_MESSAGE)
  areaCode!: string;

  @NestedField(() => GeoPointV1, { optional: true })
  location?: GeoPointV1;

  /** The union unit responsible for the site; scopes who sees it. */
  @OrgCodeField()
  orgCode!: string;

  @TimestampField()
  registeredAt!: string;
}

/** Carries no name, phone or full id number: events are replicated widely. */
export class BeneficiaryRegisteredV1 {
  @UuidField()
  beneficiaryId!: string;

  @UuidField()
  incidentId!: string;

  @UuidField({ optional: true })
  siteId?: string;

  @PatternField(
    MASKED_ID_NUMBER_PATTERN,
    '$property must be a masked id number (first 6 and last 4 characters, 8 asterisks between)',
  )
  idNumberMasked!: string;

  @EnumField(BENEFICIARY_CATEGORIES)
  category!: BeneficiaryCategory;

  @EnumField(BENEFICIARY_TIERS)
  tier!: BeneficiaryTier;

  @CountField(1, 100)
  householdSize!: number;

  @OrgCodeField()
  orgCode!: string;
}
