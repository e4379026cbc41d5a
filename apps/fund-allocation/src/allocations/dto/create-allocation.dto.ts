import { FUND_PURPOSES, FundPurpose } from '@aidflow/contracts';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { Trim } from '@aidflow/platform';
import { ORG_CODE_PATTERN } from '../../common/fields';
import { PositiveFen } from '../../common/money';

export class CreateAllocationDto {
  @IsUUID()
  fromFundId!: string;

  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: 'must be an org code' })
  toOrgCode!: string;

  @PositiveFen()
  amountFen!: number;

  /** The purpose of the child fund the allocation creates. */
  @IsIn([...FUND_PURPOSES])
  purpose!: FundPurpose;

  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note?: string;
}
