import {
  NEED_KINDS,
  NeedKind,
  ISO_TIMESTAMP_WITH_OFFSET,
  SHA256_HEX_PATTERN,
} from '@aidflow/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GeoPointDto, NestedGeoPoint } from '@aidflow/platform';

export const MAX_BENEFICIARIES_PER_VISIT = 200;
export const MAX_GOODS_PER_BENEFICIARY = 50;
export const MAX_NOTES_LENGTH = 4000;
export const MAX_QUANTITY = 1_000_000_000;

export class VisitCashDto {
  @IsUUID()
  disbursementId!: string;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
}

export class VisitGoodsDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  itemCode!: string;

  /** Goods handed over are counted: zero or negative is a typing error, never a delivery. */
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
}

export class VisitedBeneficiaryDto {
  @IsUUID()
  beneficiaryId!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => VisitCashDto)
  cash?: VisitCashDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_GOODS_PER_BENEFICIARY)
  @ValidateNested({ each: true })
  @Type(() => VisitGoodsDto)
  goods?: VisitGoodsDto[];

  @IsOptional()
  @IsArray()
  @IsIn([...NEED_KINDS], { each: true })
  @ArrayMaxSize(NEED_KINDS.length * 2)
  needs?: NeedKind[];

  @IsOptional()
  @IsString()
  @Matches(SHA256_HEX_PATTERN, { message: 'must be 64 hexadecimal characters' })
  receiptSha256?: string;
}

/** One visit as a field device records it; `id` is generated on the device and is the idempotency key. */
export class VisitDto {
  @IsUUID()
  id!: string;

  @IsUUID()
  teamId!: string;

  @IsUUID()
  siteId!: string;

  @IsISO8601({ strict: true })
  @Matches(ISO_TIMESTAMP_WITH_OFFSET, {
    message: 'must be an ISO-8601 date-time with an offset (Z or ±hh:mm)',
  })
  visitedAt!: string;

  @IsOptional()
  @ValidateNested()
  @NestedGeoPoint()
  location?: GeoPointDto;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_LENGTH)
  notes?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BENEFICIARIES_PER_VISIT)
  @ValidateNested({ each: true })
  @Type(() => VisitedBeneficiaryDto)
  beneficiaries!: VisitedBeneficiaryDto[];
}
