import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ProjectionsConsumer } from './projections.consumer';
import { ProjectionsService } from './projections.service';

@Module({ imports: [AlertsModule], providers: [ProjectionsService, ProjectionsConsumer] })
export class ProjectionsModule {}
