import { IsUUID } from 'class-validator';

export class IncidentIdParam {
  @IsUUID()
  id!: string;
}
