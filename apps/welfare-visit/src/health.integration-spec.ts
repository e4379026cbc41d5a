import { describeServiceSkeleton } from '@aidflow/testing';
import { AppModule } from './app.module';
import { VisitsConfig, SERVICE_NAME } from './config/visits.config';

describeServiceSkeleton({
  serviceName: SERVICE_NAME,
  configClass: VisitsConfig,
  appModule: (config) => AppModule.forRoot(config),
});
