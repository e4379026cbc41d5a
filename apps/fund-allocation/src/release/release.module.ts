import { Module } from '@nestjs/common';
import { AdvancesModule } from '../advances/advances.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DisbursementExpiryJob } from './disbursement-expiry.job';
import { DisbursementReleaseService } from './disbursement-release.service';

@Module({
  imports: [LedgerModule, AdvancesModule],
  providers: [DisbursementReleaseService, DisbursementExpiryJob],
  exports: [DisbursementReleaseService],
})
export class ReleaseModule {}
