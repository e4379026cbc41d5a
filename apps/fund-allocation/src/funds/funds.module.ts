import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { LedgerModule } from '../ledger/ledger.module';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';

@Module({
  imports: [LedgerModule, IncidentsModule],
  controllers: [FundsController],
  providers: [FundsService],
  exports: [FundsService],
})
export class FundsModule {}
