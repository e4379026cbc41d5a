import { INCIDENT_STATUSES, IncidentStatus } from '@aidflow/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@aidflow/platform';

export class ListIncidentsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn([...INCIDENT_STATUSES])
  status?: IncidentStatus;
}
