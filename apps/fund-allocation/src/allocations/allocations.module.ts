import { Module } from '@nestjs/common';
import { FundsModule } from '../funds/funds.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AllocationsController } from './allocations.controller';
import { AllocationsService } from './allocations.service';

@Module({
  imports: [LedgerModule, FundsModule],
  controllers: [AllocationsController],
  providers: [AllocationsService],
})
export class AllocationsModule {}
