import { describeServiceSkeleton } from '@aidflow/testing';
import { AppModule } from './app.module';
import { OpsConfig, SERVICE_NAME } from './config/ops.config';

describeServiceSkeleton({
  serviceName: SERVICE_NAME,
  configClass: OpsConfig,
  appModule: (config) => AppModule.forRoot(config),
});
