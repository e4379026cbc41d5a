import { Trim } from '@aidflow/platform';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AssignGrievanceDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assigneeId!: string;
}
