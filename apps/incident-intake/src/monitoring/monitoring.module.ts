import { Module } from '@nestjs/common';
import { MonitoringController } from './monitoring.controller';
import { MonitoringRulesService } from './monitoring-rules.service';
import { RelapseEvaluator } from './relapse-evaluator.service';
import { RelapseRepository } from './relapse.repository';
import { RelapseRisksService } from './relapse-risks.service';
import { RelapseSweepJob } from './relapse-sweep.job';
import { VisitsConsumer } from './visits.consumer';

@Module({
  controllers: [MonitoringController],
  providers: [
    RelapseRepository,
    RelapseEvaluator,
    MonitoringRulesService,
    RelapseRisksService,
    RelapseSweepJob,
    VisitsConsumer,
  ],
  exports: [RelapseEvaluator, RelapseRisksService],
})
export class MonitoringModule {}
