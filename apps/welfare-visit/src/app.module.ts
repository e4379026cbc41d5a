import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { VisitsConfig, SERVICE_NAME } from './config/visits.config';
import { ENTITIES } from './entities';
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
        }),
      ],
    };
  }
}
