import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '@aidflow/platform';
import { ITEM_CODE_PATTERN, ORG_CODE_PATTERN } from '../../common/fields';

export const MAX_QUANTITY = 1_000_000_000;

export class ReceiveStockDto {
  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: 'must be an org code' })
  orgCode!: string;

  @IsString()
  @Matches(ITEM_CODE_PATTERN, {
    message: 'must be 1–64 of a–z 0–9 . _ - (e.g. cotton-coat)',
  })
  itemCode!: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
}
