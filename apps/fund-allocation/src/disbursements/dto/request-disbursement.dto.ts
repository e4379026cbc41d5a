import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Trim } from '@aidflow/platform';
import { PositiveFen } from '../../common/money';

export class RequestDisbursementDto {
  @IsUUID()
  fundId!: string;

  @IsUUID()
  beneficiaryId!: string;

  @PositiveFen()
  amountFen!: number;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  purpose!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;

  /** A second disbursement to the same beneficiary from the same fund, on purpose. */
  @IsOptional()
  @IsBoolean()
  allowRepeat?: boolean;

  /** Required with allowRepeat: why this person is paid again. */
  @ValidateIf((o: RequestDisbursementDto) => o.allowRepeat === true || o.repeatReason !== undefined)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  repeatReason?: string;
}
