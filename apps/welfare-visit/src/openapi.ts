// Prints this service's OpenAPI document (built from its controllers and DTOs); see README "Documenting a route".
import { loadConfig } from '@aidflow/platform';
import { printServiceDocument } from '@aidflow/service-kit';
import { AppModule } from './app.module';
import { VisitsConfig, SERVICE_NAME } from './config/visits.config';

printServiceDocument(AppModule.forRoot(loadConfig(VisitsConfig)), SERVICE_NAME).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
