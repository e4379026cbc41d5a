import { Trim } from '@aidflow/platform';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CONFLICT_RESOLUTIONS, ConflictResolution } from '../../visits/visit-conflict.entity';

export class ResolveConflictDto {
  @IsIn([...CONFLICT_RESOLUTIONS])
  resolution!: ConflictResolution;

  /** Why: the audit trail and the field team read it. */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note!: string;
}
