import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class StreamQuery {
  /** Comma-separated event types; absent: every type. */
  @IsOptional()
  @MaxLength(2000)
  @Matches(/^[a-z_.]+(,[a-z_.]+)*$/, {
    message: '$property must be a comma-separated list of event types',
  })
  types?: string;

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  /** For clients that cannot send the Last-Event-ID header on their first connection. */
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: '$property must be an event id from this stream' })
  lastEventId?: string;

  /** EventSource cannot set headers: the bearer token may come here instead (@AllowQueryToken; the AuthGuard reads it). */
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  access_token?: string;
}
