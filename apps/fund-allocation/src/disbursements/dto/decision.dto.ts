import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '@aidflow/platform';

export class RejectDisbursementDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class CancelDisbursementDto {
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

/** An approval takes nothing but an optional note (kept in the request's history). */
export class ApproveDisbursementDto {
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;
}
