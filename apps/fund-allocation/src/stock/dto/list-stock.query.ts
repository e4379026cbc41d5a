import { IsOptional, IsString, Matches } from 'class-validator';
import { ORG_CODE_PATTERN } from '../../common/fields';
import { PageQueryDto } from '@aidflow/platform';

export class ListStockQuery extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: 'must be an org code' })
  orgCode?: string;
}
