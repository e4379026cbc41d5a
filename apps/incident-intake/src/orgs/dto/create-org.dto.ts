import { ORG_LEVELS, OrgLevel } from '@aidflow/contracts';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '@aidflow/platform';

/** Org codes travel in paths, Kafka keys and tokens: keep them plain. */
export const ORG_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ORG_CODE_MESSAGE = 'must be 1–64 of A–Z a–z 0–9 . _ - (starting with a letter or digit)';

export class CreateOrgDto {
  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: ORG_CODE_MESSAGE })
  code!: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn([...ORG_LEVELS])
  level!: OrgLevel;

  @IsOptional()
  @IsString()
  @Matches(ORG_CODE_PATTERN, { message: ORG_CODE_MESSAGE })
  parentCode?: string;
}
