import { Module } from '@nestjs/common';
import { DlqController } from './dlq.controller';
import { DlqRepository } from './dlq.repository';
import { DlqService } from './dlq.service';

/** GET /api/ops/dlq and POST /api/ops/dlq/:id/replay (the `.dlq` topics are read by the alerts' DlqConsumer). */
@Module({
  controllers: [DlqController],
  providers: [DlqRepository, DlqService],
})
export class DlqModule {}
