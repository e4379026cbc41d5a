import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ReleaseModule } from '../release/release.module';
import { DisbursementsController } from './disbursements.controller';
import { DisbursementsService } from './disbursements.service';

@Module({
  imports: [LedgerModule, ReleaseModule],
  controllers: [DisbursementsController],
  providers: [DisbursementsService],
})
export class DisbursementsModule {}
