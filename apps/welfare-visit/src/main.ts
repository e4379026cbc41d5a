import { bootstrapService, loadConfig } from '@aidflow/platform';
import { AppModule } from './app.module';
import { VisitsConfig, SERVICE_NAME } from './config/visits.config';

async function main(): Promise<void> {
  const config = loadConfig(VisitsConfig);
  await bootstrapService(AppModule.forRoot(config), {
    serviceName: SERVICE_NAME,
    port: config.PORT,
    config,
  });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config): stderr is all there is.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
