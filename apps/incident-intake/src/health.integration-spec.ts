import { describeServiceSkeleton } from '@aidflow/testing';
import { AppModule } from './app.module';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';

describeServiceSkeleton({
  serviceName: SERVICE_NAME,
  configClass: IntakeConfig,
  appModule: (config) => AppModule.forRoot(config),
});
