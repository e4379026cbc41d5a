import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { BeneficiariesModule } from './beneficiaries/beneficiaries.module';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';
import { ENTITIES } from './entities';
import { GrievancesModule } from './grievances/grievances.module';
import { HouseholdsModule } from './households/households.module';
import { IncidentsModule } from './incidents/incidents.module';
import { MIGRATIONS } from './migrations';
import { OrgsModule } from './orgs/orgs.module';
import { SitesModule } from './sites/sites.module';
import { ExportsModule } from './exports/exports.module';

/** The union org tree, incidents, their sites, the beneficiary registry, the household file and grievances. */
@Module({})
export class AppModule {
  /** Takes the loaded config so tests can boot the real module against their own schema and topics. */
  static forRoot(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          entities: ENTITIES,
          migrations: MIGRATIONS,
        }),
        OrgsModule,
        IncidentsModule,
        SitesModule,
        BeneficiariesModule,
        HouseholdsModule,
        GrievancesModule,
        ExportsModule,
      ],
    };
  }
}
