import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DeliveriesConsumer } from './deliveries.consumer';
import { DeliveriesService } from './deliveries.service';

@Module({
  imports: [LedgerModule],
  providers: [DeliveriesConsumer, DeliveriesService],
})
export class DeliveriesModule {}
