import { Module } from '@nestjs/common';
import { TeamReplicaConsumer } from './team-replica.consumer';

@Module({ providers: [TeamReplicaConsumer] })
export class TeamsModule {}
