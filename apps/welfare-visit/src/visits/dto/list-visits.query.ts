import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { ISO_TIMESTAMP_WITH_OFFSET } from '@aidflow/contracts';
import { PageQueryDto } from '@aidflow/platform';

export class ListVisitsQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  teamId?: string;

  /** Visits received by this service at or after this time (offline visits arrive late). */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIMESTAMP_WITH_OFFSET, {
    message: 'must be an ISO-8601 date-time with an offset (Z or ±hh:mm)',
  })
  since?: string;
}
