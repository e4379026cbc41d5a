import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class ImportQuery {
  @IsUUID()
  incidentId!: string;
}

export class TemplateQuery {
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
