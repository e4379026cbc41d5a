import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PiiCipher } from '../pii/pii-cipher';
import { GrievanceOverdueJob } from './grievance-overdue.job';
import { GrievancesController } from './grievances.controller';
import { GrievancesRepository } from './grievances.repository';
import { GrievancesService } from './grievances.service';
import { VerificationConsumer } from './verification.consumer';

@Module({
  imports: [IncidentsModule],
  controllers: [GrievancesController],
  providers: [
    GrievancesService,
    GrievancesRepository,
    GrievanceOverdueJob,
    VerificationConsumer,
    PiiCipher,
  ],
})
export class GrievancesModule {}
