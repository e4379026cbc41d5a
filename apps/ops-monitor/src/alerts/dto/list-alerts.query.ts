import { ALERT_RULES, AlertRule } from '@aidflow/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAlertsQuery {
  /** "true": only active alerts; "false": only cleared ones; absent: both. */
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @IsOptional()
  @IsIn(ALERT_RULES)
  rule?: AlertRule;

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be a nextCursor value' })
  cursor?: string;
}
