import { ServiceKitModule } from '@aidflow/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { AdvancesModule } from './advances/advances.module';
import { AllocationsModule } from './allocations/allocations.module';
import { BeneficiariesModule } from './beneficiaries/beneficiaries.module';
import { FundsConfig, SERVICE_NAME } from './config/funds.config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DisbursementsModule } from './disbursements/disbursements.module';
import { ENTITIES } from './entities';
import { FundsModule } from './funds/funds.module';
import { FUNDS_LOCK_ORDER } from './lock-order';
import { MIGRATIONS } from './migrations';
import { StockModule } from './stock/stock.module';
import { TeamsModule } from './teams/teams.module';
import { ExportsModule } from './exports/exports.module';
import { ReportsModule } from './reports/reports.module';
import { VerificationModule } from './verification/verification.module';

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
          lockOrder: FUNDS_LOCK_ORDER,
        }),
        FundsModule,
        AllocationsModule,
        DisbursementsModule,
        StockModule,
        BeneficiariesModule,
        DeliveriesModule,
        TeamsModule,
        AdvancesModule,
        VerificationModule,
        ExportsModule,
        ReportsModule,
      ],
    };
  }
}
