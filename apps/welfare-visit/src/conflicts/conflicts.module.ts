import { Module } from '@nestjs/common';
import { CashConflictsService } from './cash-conflicts.service';
import { ConflictResolutionService } from './conflict-resolution.service';
import { ConflictsController } from './conflicts.controller';
import { ConflictsRepository } from './conflicts.repository';

/** Visit conflicts (CONTRACT.md): cash taken twice is kept for review; ops resolve conflicts. */
@Module({
  controllers: [ConflictsController],
  providers: [ConflictsRepository, ConflictResolutionService, CashConflictsService],
  exports: [CashConflictsService],
})
export class ConflictsModule {}
