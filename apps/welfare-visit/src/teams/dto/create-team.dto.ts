import { Trim } from '@aidflow/platform';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export const MAX_TEAM_MEMBERS = 200;
export const MAX_TEAM_SITES = 200;

export class CreateTeamDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  orgCode!: string;

  /** User ids (JWT `sub`) of the members. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEAM_MEMBERS)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  memberIds!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEAM_SITES)
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
  @IsUUID(undefined, { each: true })
  siteIds!: string[];
}
