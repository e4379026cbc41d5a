import { Trim } from '@aidflow/platform';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CloseGrievanceDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  outcome!: string;
}
