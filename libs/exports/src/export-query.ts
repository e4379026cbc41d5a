import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** `?incidentId=&format=csv|xlsx` of every GET /api/exports/:kind. */
export class ExportQuery {
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value ?? 'csv')
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
