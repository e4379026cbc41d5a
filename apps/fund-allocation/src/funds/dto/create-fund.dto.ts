import { FUND_PURPOSES, FUND_SOURCES, FundPurpose, FundSource } from '@aidflow/contracts';
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

export class CreateFundDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code!: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn([...FUND_SOURCES])
  source!: FundSource;

  @IsIn([...FUND_PURPOSES])
  purpose!: FundPurpose;

  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: 'must be an org code' })
  ownerOrgCode!: string;

  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @PositiveFen()
  amountFen!: number;
}
