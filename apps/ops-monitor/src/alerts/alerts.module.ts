import { Module } from '@nestjs/common';
import { LagModule } from '../lag/lag.module';
import { AlertsController } from './alerts.controller';
import { AlertsScheduler } from './alerts.scheduler';
import { AlertsService } from './alerts.service';
import { DlqConsumer } from './dlq.consumer';

@Module({
  imports: [LagModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertsScheduler, DlqConsumer],
  exports: [AlertsService],
})
export class AlertsModule {}
