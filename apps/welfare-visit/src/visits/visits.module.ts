import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { TeamsModule } from '../teams/teams.module';
import { DiscrepanciesConsumer } from './discrepancies.consumer';
import { VisitVerificationService } from './visit-verification.service';
import { VisitsController } from './visits.controller';
import { LogVisitBatch } from './batch/log-batch.usecase';
import { VisitBatchWriter } from './batch/visit-batch-writer';
import { KeepCashConflicts } from './log-visit/keep-cash-conflicts';
import { LogVisit } from './log-visit/log-visit.usecase';
import { VisitQueries } from './reads/visit.queries';
import { ResendVisit } from './resend/resend-visit';
import { VisitRepository } from './visit.repository';

@Module({
  imports: [TeamsModule, FollowUpsModule, ReceiptsModule, ConflictsModule],
  controllers: [VisitsController],
  providers: [
    VisitRepository,
    LogVisit,
    LogVisitBatch,
    VisitBatchWriter,
    ResendVisit,
    KeepCashConflicts,
    VisitQueries,
    VisitVerificationService,
    DiscrepanciesConsumer,
  ],
  exports: [VisitVerificationService],
})
export class VisitsModule {}
