import { ISO_TIMESTAMP_WITH_OFFSET, NEED_KINDS, NeedKind } from '@aidflow/contracts';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

/** A follow-up opened directly (not from a visit's needs), on behalf of a team. */
export class OpenFollowUpDto {
  @IsUUID()
  teamId!: string;

  @IsUUID()
  beneficiaryId!: string;

  @IsUUID()
  siteId!: string;

  @IsIn([...NEED_KINDS])
  kind!: NeedKind;

  /** Defaults to now plus the kind's due period. */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIMESTAMP_WITH_OFFSET, {
    message: 'must be an ISO-8601 date-time with an offset (Z or ±hh:mm)',
  })
  dueAt?: string;
}
