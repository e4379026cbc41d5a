import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Incidents, sites, affected organisations and beneficiaries. */
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
      ],
    };
  }
}
