import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SummaryController } from './summary.controller';
import { SummaryService } from './summary.service';

@Module({ imports: [AlertsModule], controllers: [SummaryController], providers: [SummaryService] })
export class SummaryModule {}
