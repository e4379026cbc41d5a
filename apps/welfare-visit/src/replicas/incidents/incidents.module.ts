import { Module } from '@nestjs/common';
import { IncidentsConsumer } from './incidents.consumer';
import { IncidentsService } from './incidents.service';

@Module({ providers: [IncidentsService, IncidentsConsumer] })
export class IncidentsModule {}
