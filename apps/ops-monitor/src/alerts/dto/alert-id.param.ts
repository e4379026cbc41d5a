import { IsUUID } from 'class-validator';

export class AlertIdParam {
  @IsUUID()
  id!: string;
}
