import { PageQueryDto } from '@aidflow/platform';
import { IsOptional, IsUUID } from 'class-validator';

export class ListTeamsQuery extends PageQueryDto {
  /** Only teams with a site of this incident. */
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}
