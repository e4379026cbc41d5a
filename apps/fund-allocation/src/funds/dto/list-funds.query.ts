import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { ORG_CODE_PATTERN } from '../../common/fields';
import { PageQueryDto } from '@aidflow/platform';

export class ListFundsQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: 'must be an org code' })
  ownerOrgCode?: string;

  @IsOptional()
  @IsUUID()
  parentFundId?: string;
}
