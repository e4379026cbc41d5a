import { INCIDENT_STATUSES, IncidentStatus } from '@aidflow/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class ListIncidentsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn([...INCIDENT_STATUSES])
  status?: IncidentStatus;
}
