import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@aidflow/platform';
import { DISBURSEMENT_STATUSES, DisbursementStatus } from '../disbursement.entity';

export class ListDisbursementsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn([...DISBURSEMENT_STATUSES])
  status?: DisbursementStatus;

  @IsOptional()
  @IsUUID()
  fundId?: string;

  @IsOptional()
  @IsUUID()
  beneficiaryId?: string;
}
