// The naive peer: the pattern of the NestJS docs for "save, then publish" — TypeORM `save()`,
// then `await ClientKafka.emit()` (a dual write), consumed by an @EventPattern handler that
// writes the projection. No outbox, no audit, no idempotency: it only has to be fast.
import {
  Body,
  Controller,
  Inject,
  Injectable,
  Module,
  Post,
  type OnModuleInit,
} from '@nestjs/common';
import {
  ClientKafka,
  ClientsModule,
  EventPattern,
  Payload,
  Transport,
} from '@nestjs/microservices';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { lastValueFrom } from 'rxjs';
import { Column, CreateDateColumn, Entity, PrimaryColumn, type Repository } from 'typeorm';

export const PEER_TOPIC = process.env.PEER_TOPIC ?? 'peer.visits';

@Entity({ name: 'visit' })
export class PeerVisit {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') teamId!: string;
  @Column('uuid') siteId!: string;
  @Column('timestamptz') visitedAt!: Date;
  @Column('jsonb') beneficiaries!: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'site_projection' })
export class PeerProjection {
  @PrimaryColumn('uuid') visitId!: string;
  @Column('uuid') siteId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) projectedAt!: Date;
}

interface VisitBody {
  id: string;
  teamId: string;
  siteId: string;
  visitedAt: string;
  beneficiaries: unknown;
}

@Injectable()
class PeerVisits implements OnModuleInit {
  constructor(
    @InjectRepository(PeerVisit) private readonly visits: Repository<PeerVisit>,
    @Inject('KAFKA') private readonly kafka: ClientKafka,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.kafka.connect();
  }

  async log(body: VisitBody): Promise<{ id: string }> {
    const saved = await this.visits.save(
      this.visits.create({ ...body, visitedAt: new Date(body.visitedAt) }),
    );
    await lastValueFrom(
      this.kafka.emit(PEER_TOPIC, { key: saved.id, value: JSON.stringify(body) }),
    );
    return { id: saved.id };
  }
}

@Controller()
class PeerController {
  constructor(
    private readonly visits: PeerVisits,
    @InjectRepository(PeerProjection) private readonly projection: Repository<PeerProjection>,
  ) {}

  @Post('visits')
  log(@Body() body: VisitBody): Promise<{ id: string }> {
    return this.visits.log(body);
  }

  @EventPattern(PEER_TOPIC)
  async project(@Payload() visit: VisitBody): Promise<void> {
    await this.projection.save(this.projection.create({ visitId: visit.id, siteId: visit.siteId }));
  }
}

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: process.env.PEER_SCHEMA ?? 'naive_peer',
      entities: [PeerVisit, PeerProjection],
      synchronize: true,
    }),
    TypeOrmModule.forFeature([PeerVisit, PeerProjection]),
    ClientsModule.register([
      {
        name: 'KAFKA',
        transport: Transport.KAFKA,
        options: { client: { clientId: 'peer', brokers }, producerOnlyMode: true },
      },
    ]),
  ],
  controllers: [PeerController],
  providers: [PeerVisits],
})
export class PeerModule {}

export const peerMicroservice = {
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'peer-consumer', brokers },
    consumer: { groupId: process.env.PEER_GROUP ?? 'naive-peer' },
    subscribe: { fromBeginning: true },
  },
} as const;
