import { Trim } from '@aidflow/platform';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CloseRiskDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  outcome!: string;
}
