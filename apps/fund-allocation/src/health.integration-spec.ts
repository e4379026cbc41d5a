import { describeServiceSkeleton } from '@aidflow/testing';
import { AppModule } from './app.module';
import { FundsConfig, SERVICE_NAME } from './config/funds.config';

describeServiceSkeleton({
  serviceName: SERVICE_NAME,
  configClass: FundsConfig,
  appModule: (config) => AppModule.forRoot(config),
});
