import { GRIEVANCE_CATEGORIES, GrievanceCategory } from '@aidflow/contracts';
import { Trim } from '@aidflow/platform';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class OpenGrievanceDto {
  /** A client-chosen id (a field device offline): sending it again returns the first result. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsOptional()
  @IsUUID()
  beneficiaryId?: string;

  @IsUUID()
  incidentId!: string;

  @IsIn([...GRIEVANCE_CATEGORIES])
  category!: GrievanceCategory;

  /** May hold personal detail: stored encrypted, never in events or logs. */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;
}
