import { GRIEVANCE_CATEGORIES, GrievanceCategory } from '@aidflow/contracts';
import { PageQueryDto } from '@aidflow/platform';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export const GRIEVANCE_STATUSES = ['open', 'assigned', 'closed'] as const;
export type GrievanceStatus = (typeof GRIEVANCE_STATUSES)[number];

export class ListGrievancesQuery extends PageQueryDto {
  @IsOptional()
  @IsIn([...GRIEVANCE_STATUSES])
  status?: GrievanceStatus;

  @IsOptional()
  @IsIn([...GRIEVANCE_CATEGORIES])
  category?: GrievanceCategory;

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @IsUUID()
  beneficiaryId?: string;
}
