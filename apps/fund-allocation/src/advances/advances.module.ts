import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AdvanceDrawdownService } from './advance-drawdown.service';
import { AdvanceRepository } from './advance.repository';
import { AdvanceSettlementService } from './advance-settlement.service';
import { AdvancesController } from './advances.controller';
import { AdvancesService } from './advances.service';

@Module({
  imports: [LedgerModule],
  controllers: [AdvancesController],
  providers: [AdvancesService, AdvanceSettlementService, AdvanceDrawdownService, AdvanceRepository],
  exports: [AdvanceDrawdownService, AdvanceRepository],
})
export class AdvancesModule {}
