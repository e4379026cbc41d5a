import { VERIFICATION_OUTCOMES, VerificationOutcome } from '@aidflow/contracts';
import { PageQueryDto, Trim } from '@aidflow/platform';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CONFIDENCE_LEVELS, Confidence } from '../sample-size';

export class DrawVerificationDto {
  @IsUUID()
  fundId!: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsIn([...CONFIDENCE_LEVELS])
  confidence!: Confidence;

  /** e.g. 0.05 for ±5 %. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0.005)
  @Max(0.5)
  marginOfError!: number;

  /** Given: the same seed over the same payments draws the same sample. Absent: a random one, returned. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  seed?: string;
}

export class RecordOutcomeDto {
  @IsIn([...VERIFICATION_OUTCOMES])
  outcome!: VerificationOutcome;

  @IsOptional()
  @IsInt({ message: '$property must be a whole number of fen' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  receivedAmountFen?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;
}

export class ListVerificationsQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  fundId?: string;

  @IsOptional()
  @IsUUID()
  incidentId?: string;
}
