// Verifies one service's audit hash chain:
//   node -r ./tools/register.js tools/audit-verify.ts --url <DATABASE_URL> --schema <schema>
// Prints OK with the row count, or the first broken row and exits 1.
import { verifyAuditChain } from '@aidflow/auth';
import { createDataSource, DEFAULT_DATABASE_URL } from '@aidflow/database';
import { parseArgs } from 'node:util';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, schema: { type: 'string' } },
    strict: true,
  });
  if (!values.schema) throw new Error('usage: audit-verify --url <DATABASE_URL> --schema <schema>');
  const dataSource = createDataSource(
    {
      url: values.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      schema: values.schema,
      poolSize: 1,
      logSql: false,
    },
    { entities: [], migrations: [] },
  );
  await dataSource.initialize();
  try {
    const [table] = await dataSource.query<{ found: string | null }[]>(
      `SELECT to_regclass('audit_log')::text AS found`,
    );
    if (!table?.found) throw new Error(`schema ${values.schema} has no audit_log table`);
    const result = await verifyAuditChain(dataSource);
    if (result.ok) {
      process.stdout.write(`OK ${values.schema}.audit_log: ${result.rows} rows, chain intact\n`);
      return 0;
    }
    process.stdout.write(
      `BROKEN ${values.schema}.audit_log at seq ${result.brokenAtSeq}: ${result.reason}\n`,
    );
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `audit-verify failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
