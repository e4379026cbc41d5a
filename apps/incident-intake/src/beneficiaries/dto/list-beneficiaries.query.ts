import {
  BENEFICIARY_CATEGORIES,
  BENEFICIARY_TIERS,
  BeneficiaryCategory,
  BeneficiaryTier,
} from '@aidflow/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@aidflow/platform';

export class ListBeneficiariesQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsIn([...BENEFICIARY_TIERS])
  tier?: BeneficiaryTier;

  @IsOptional()
  @IsIn([...BENEFICIARY_CATEGORIES])
  category?: BeneficiaryCategory;
}
