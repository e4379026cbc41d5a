import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DisbursementsController } from './disbursements.controller';
import { DisbursementsService } from './disbursements.service';

@Module({
  imports: [LedgerModule],
  controllers: [DisbursementsController],
  providers: [DisbursementsService],
})
export class DisbursementsModule {}
