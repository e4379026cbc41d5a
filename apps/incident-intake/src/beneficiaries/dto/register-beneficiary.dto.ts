import {
  BENEFICIARY_CATEGORIES,
  BENEFICIARY_TIERS,
  BeneficiaryCategory,
  BeneficiaryTier,
} from '@aidflow/contracts';
import {
  Equals,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Trim } from '@aidflow/platform';
import { ResidentIdField } from '../resident-id';

/** An 11-digit mainland mobile number. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export class RegisterBeneficiaryDto {
  @IsUUID()
  incidentId!: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  fullName!: string;

  /** Normalised before validation, so a lower-case x is accepted and stored as X. */
  @ResidentIdField()
  idNumber!: string;

  @IsIn([...BENEFICIARY_CATEGORIES])
  category!: BeneficiaryCategory;

  @IsIn([...BENEFICIARY_TIERS])
  tier!: BeneficiaryTier;

  @IsInt()
  @Min(1)
  @Max(100)
  householdSize!: number;

  @IsOptional()
  @Trim()
  @IsString()
  @Matches(MOBILE_PATTERN, { message: 'must be an 11-digit mainland mobile number' })
  phone?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  employer?: string;

  /** The person agreed to be registered; without that nothing is stored. */
  @Equals(true, { message: 'must be true: the person must agree to be registered' })
  consent!: true;
}
