import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@aidflow/platform';

export class ListOrgsQuery extends PageQueryDto {
  /** Only the direct children of this org. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  parentCode?: string;
}
