import { ensureDatabase } from '@aidflow/database';
import { resolveBrokers } from '@aidflow/messaging';

/** Run once before the integration suites: prints the environment they need as JSON. */
async function main(): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aidflow_test';
  await ensureDatabase(databaseUrl);
  const brokers = resolveBrokers(process.env.KAFKA_BROKERS ?? '');
  process.stdout.write(JSON.stringify({ TEST_DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers.join(',') }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
