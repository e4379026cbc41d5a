import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { OpsConfig, SERVICE_NAME } from './config/ops.config';
import { DlqModule } from './dlq/dlq.module';
import { ENTITIES } from './entities';
import { LagModule } from './lag/lag.module';
import { MIGRATIONS } from './migrations';
import { ProjectionsModule } from './projections/projections.module';
import { StreamModule } from './stream/stream.module';
import { SummaryModule } from './summary/summary.module';

/** Live operations: incident summaries, the event stream, consumer lag, alerts (the dashboard is in apps/console). */
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
        ProjectionsModule,
        AlertsModule,
        DlqModule,
        LagModule,
        SummaryModule,
        StreamModule,
      ],
    };
  }
}
