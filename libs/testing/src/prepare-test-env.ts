import { ensureDatabase } from '@aidflow/database';
import { testDatabaseUrl } from './test-env';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Run once before the integration suites: prints the environment they need as JSON. */
async function main(): Promise<void> {
  const databaseUrl = testDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const brokers = process.env.KAFKA_BROKERS
    ? process.env.KAFKA_BROKERS.split(',')
    : [
        execFileSync(
          'bash',
          [join(__dirname, '..', '..', '..', 'infra', 'kafka', 'local-broker'), 'start'],
          { encoding: 'utf8' },
        ).trim(),
      ];
  process.stdout.write(
    JSON.stringify({ TEST_DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers.join(',') }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
