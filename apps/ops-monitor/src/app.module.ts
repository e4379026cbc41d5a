import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { OpsConfig, SERVICE_NAME } from './config/ops.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Live operations: incident summaries, the event stream, consumer lag, alerts. */
@Module({})
export class AppModule {
  /** Takes the loaded config so tests can boot the real module against their own schema and topics. */
  static forRoot(config: OpsConfig): DynamicModule {
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
