import { Module } from '@nestjs/common';
import { IncidentReplicaService } from './incident-replica.service';
import { IncidentsConsumer } from './incidents.consumer';

@Module({
  providers: [IncidentReplicaService, IncidentsConsumer],
  exports: [IncidentReplicaService],
})
export class IncidentsModule {}
