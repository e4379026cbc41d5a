import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { BeneficiariesModule } from './replicas/beneficiaries/beneficiaries.module';
import { VisitsConfig, SERVICE_NAME } from './config/visits.config';
import { DisbursementsModule } from './replicas/disbursements/disbursements.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { IncidentsModule } from './replicas/incidents/incidents.module';
import { SitesModule } from './replicas/sites/sites.module';
import { TeamsModule } from './teams/teams.module';
import { VisitsModule } from './visits/visits.module';
import { ExportsModule } from './exports/exports.module';
import { ENTITIES } from './entities';
import { VISITS_LOCK_ORDER } from './lock-order';
import { MIGRATIONS } from './migrations';

/** Field teams, welfare visits (online and offline batches) and follow-ups. */
@Module({})
export class AppModule {
  /** Takes the loaded config so tests can boot the real module against their own schema and topics. */
  static forRoot(config: VisitsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          lockOrder: VISITS_LOCK_ORDER,
        }),
        IncidentsModule,
        SitesModule,
        BeneficiariesModule,
        DisbursementsModule,
        TeamsModule,
        VisitsModule,
        FollowUpsModule,
        ExportsModule,
      ],
    };
  }
}
