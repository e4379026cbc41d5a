import { Module } from '@nestjs/common';
import { VisitsModule } from '../../visits/visits.module';
import { DisbursementsConsumer } from './disbursements.consumer';
import { DisbursementsService } from './disbursements.service';

@Module({ imports: [VisitsModule], providers: [DisbursementsService, DisbursementsConsumer] })
export class DisbursementsModule {}
