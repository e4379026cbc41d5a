import { NEED_KINDS, NeedKind } from '@aidflow/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@aidflow/platform';
import { FOLLOW_UP_STATUSES, FollowUpStatus } from '../follow-up.entity';

export class ListFollowUpsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn([...FOLLOW_UP_STATUSES])
  status?: FollowUpStatus;

  @IsOptional()
  @IsIn([...NEED_KINDS])
  kind?: NeedKind;

  /** `true`: only open follow-ups past their due date. */
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  teamId?: string;
}
