// Verifies one service's audit log: every row against its sealed batch, every batch's Merkle root
// and Ed25519-signed head, the chain of heads, and (with --kafka) the heads published on
// aidflow.audit.v1, which is what shows a truncated tail.
//   node -r ./tools/register.js tools/audit-verify.ts --url <DATABASE_URL> --schema <schema>
//     [--public-key <hex>] [--head <batch>:<hex>]… [--kafka <host:port,…> [--topic-prefix <p>]]
// Without --public-key the development key is assumed (and said so). Prints OK or each problem
// and exits 1.
import {
  DEV_AUDIT_SIGNING_KEY,
  KnownHead,
  loadSealKey,
  publicKeyFromHex,
  readPublishedHeads,
  verifyAudit,
} from '@aidflow/audit';
import { createDataSource, DEFAULT_DATABASE_URL } from '@aidflow/database';
import { Kafka, logLevel } from 'kafkajs';
import { parseArgs } from 'node:util';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      schema: { type: 'string' },
      'public-key': { type: 'string' },
      head: { type: 'string', multiple: true },
      kafka: { type: 'string' },
      'topic-prefix': { type: 'string' },
    },
    strict: true,
  });
  if (!values.schema) throw new Error('usage: audit-verify --url <DATABASE_URL> --schema <schema>');
  const publicKeyHex =
    values['public-key'] ?? loadSealKey(DEV_AUDIT_SIGNING_KEY, 'development').publicKeyHex;
  if (!values['public-key']) process.stdout.write('(checking against the development key)\n');
  const knownHeads: KnownHead[] = (values.head ?? []).map((text) => {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
    if (!match) throw new Error(`--head ${text}: expected <batch>:<64 hex>`);
    return { batch: Number(match[1]), head: match[2] };
  });
  if (values.kafka) {
    const kafka = new Kafka({
      clientId: 'audit-verify',
      brokers: values.kafka.split(','),
      logLevel: logLevel.NOTHING,
    });
    const published = await readPublishedHeads(kafka, {
      topicPrefix: values['topic-prefix'] ?? '',
      log: values.schema,
    });
    process.stdout.write(`${published.length} heads published on aidflow.audit.v1\n`);
    knownHeads.push(...published);
  }
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
      `SELECT to_regclass('audit_seal')::text AS found`,
    );
    if (!table?.found) throw new Error(`schema ${values.schema} has no sealed audit log`);
    const result = await verifyAudit(dataSource, {
      publicKey: publicKeyFromHex(publicKeyHex),
      knownHeads,
    });
    if (result.ok) {
      process.stdout.write(
        `OK ${values.schema}: ${result.rows} rows in ${result.batches} sealed batches intact, ${result.pending} not sealed yet\n`,
      );
      return 0;
    }
    process.stdout.write(`BROKEN ${values.schema}: ${result.problems.length} problems\n`);
    for (const problem of result.problems) {
      const where = [problem.batch && `batch ${problem.batch}`, problem.seq && `seq ${problem.seq}`]
        .filter(Boolean)
        .join(', ');
      process.stdout.write(`  ${where}: ${problem.reason}\n`);
    }
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
