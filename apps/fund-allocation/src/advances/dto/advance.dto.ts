import { ADVANCE_STATUSES, AdvanceStatus } from '@aidflow/contracts';
import { PageQueryDto, Trim } from '@aidflow/platform';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PositiveFen } from '../../common/money';

export class RequestAdvanceDto {
  @IsUUID()
  fundId!: string;

  @IsUUID()
  teamId!: string;

  @PositiveFen()
  amountFen!: number;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;
}

export class RejectAdvanceDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class SettleAdvanceDto {
  /** Cash the team brought back; 0 when everything was handed over. */
  @IsInt({ message: '$property must be a whole number of fen' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  returnedFen!: number;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;

  /** An approver closes an unbalanced advance as a discrepancy (with a reason). */
  @IsOptional()
  @IsBoolean()
  acceptDiscrepancy?: boolean;

  @ValidateIf((o: SettleAdvanceDto) => o.acceptDiscrepancy === true || o.reason !== undefined)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class ListAdvancesQuery extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsOptional()
  @IsUUID()
  fundId?: string;

  @IsOptional()
  @IsIn([...ADVANCE_STATUSES])
  status?: AdvanceStatus;
}
