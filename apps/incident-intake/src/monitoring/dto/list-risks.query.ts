import { RELAPSE_RULE_CODES, RelapseRuleCode } from '@aidflow/contracts';
import { PageQueryDto } from '@aidflow/platform';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class ListRisksQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsIn([...RELAPSE_RULE_CODES])
  ruleCode?: RelapseRuleCode;
}
