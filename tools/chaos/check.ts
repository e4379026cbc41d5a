// The invariant checker on its own, after any run or against a live system:
//   npm run chaos:check -- --database-url postgres://…/aidflow [--gateway http://localhost:3000]
//     [--schemas intake=intake,funds=funds,visits=visits,ops=ops,identity=identity]
//     [--run tmp/chaos/<run>.json]   (a chaos run's record: its faults, poison and accepted visits)
// Prints the fault × invariant table and every problem; exits 1 on any violation.
import { DEV_JWT_SECRET } from '@aidflow/auth';
import { DEFAULT_DATABASE_URL } from '@aidflow/database';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { checkAll } from './checker/check-all';
import { gatewayReaders } from './checker/gateway-readers';
import { faultTable, problemLines } from './checker/table';
import { DEFAULT_SCHEMAS, SystemSchemas } from './checker/verdict';
import { parseRunRecord } from './run-record';

function schemasFrom(text: string | undefined): SystemSchemas {
  const schemas = { ...DEFAULT_SCHEMAS };
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const [key, name] = pair.split('=');
    if (!(key in schemas) || !name) throw new Error(`--schemas: ${pair} is not service=schema`);
    schemas[key as keyof SystemSchemas] = name;
  }
  return schemas;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      gateway: { type: 'string' },
      schemas: { type: 'string' },
      run: { type: 'string' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const record = values.run ? parseRunRecord(readFileSync(values.run, 'utf8')) : undefined;
  const readers = values.gateway
    ? await gatewayReaders(values.gateway, process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET)
    : {};
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const verdicts = await checkAll({
      db,
      databaseUrl,
      schemas: schemasFrom(values.schemas),
      ...readers,
      poison: record?.poison,
      acceptedVisits: record?.acceptedVisits,
    });
    process.stdout.write(`${faultTable(verdicts, record?.faults ?? [])}\n`);
    const problems = problemLines(verdicts);
    process.stdout.write(problems.length ? `${problems.join('\n')}\n` : 'every invariant held\n');
    return problems.length ? 1 : 0;
  } finally {
    await db.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos:check failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
