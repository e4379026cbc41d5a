// Prints this service's OpenAPI document (built from its controllers and DTOs); see README "Documenting a route".
import { loadConfig } from '@aidflow/platform';
import { printServiceDocument } from '@aidflow/service-kit';
import { AppModule } from './app.module';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';

printServiceDocument(AppModule.forRoot(loadConfig(IntakeConfig)), SERVICE_NAME).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
