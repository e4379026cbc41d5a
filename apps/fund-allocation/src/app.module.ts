import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { FundsConfig, SERVICE_NAME } from './config/funds.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Funds, allocations down the union hierarchy, disbursements and stock. */
@Module({})
export class AppModule {
  /** Takes the loaded config so tests can boot the real module against their own schema and topics. */
  static forRoot(config: FundsConfig): DynamicModule {
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
