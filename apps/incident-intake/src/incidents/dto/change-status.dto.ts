import { INCIDENT_STATUSES, IncidentStatus } from '@aidflow/contracts';
import { IsIn } from 'class-validator';

export class ChangeStatusDto {
  @IsIn([...INCIDENT_STATUSES])
  status!: IncidentStatus;
}
