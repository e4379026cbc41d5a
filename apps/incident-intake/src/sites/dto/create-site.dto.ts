import { SITE_KINDS, SiteKind } from '@aidflow/contracts';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { GeoPointDto, NestedGeoPoint, Trim } from '@aidflow/platform';
import { IsPrcAreaCode } from '../../common/fields';

export class CreateSiteDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn([...SITE_KINDS])
  kind!: SiteKind;

  @IsPrcAreaCode()
  areaCode!: string;

  @IsOptional()
  @ValidateNested()
  @NestedGeoPoint()
  location?: GeoPointDto;
}
