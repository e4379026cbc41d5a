import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { TeamsModule } from '../teams/teams.module';
import { DiscrepanciesConsumer } from './discrepancies.consumer';
import { VisitVerificationService } from './visit-verification.service';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';
import { VisitBatchWriter } from './batch/visit-batch-writer';

@Module({
  imports: [TeamsModule, FollowUpsModule, ReceiptsModule, ConflictsModule],
  controllers: [VisitsController],
  providers: [VisitsService, VisitBatchWriter, VisitVerificationService, DiscrepanciesConsumer],
  exports: [VisitVerificationService],
})
export class VisitsModule {}
