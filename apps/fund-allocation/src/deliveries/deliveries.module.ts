import { Module } from '@nestjs/common';
import { AdvancesModule } from '../advances/advances.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DeliveriesConsumer } from './deliveries.consumer';
import { DeliveriesService } from './deliveries.service';

@Module({
  imports: [LedgerModule, AdvancesModule],
  providers: [DeliveriesConsumer, DeliveriesService],
})
export class DeliveriesModule {}
