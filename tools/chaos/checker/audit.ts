// Every service's audit chain verified: rows against their sealed batches, Merkle roots, signed
// heads and the chain of heads (libs/audit's verifyAudit, as tools/audit-verify.ts runs it).
import { DEV_AUDIT_SIGNING_KEY, loadSealKey, publicKeyFromHex, verifyAudit } from '@aidflow/audit';
import { createDataSource } from '@aidflow/database';
import { Verdict, verdict } from './verdict';

export async function checkAuditChains(
  databaseUrl: string,
  schemas: readonly string[],
  publicKeyHex = loadSealKey(DEV_AUDIT_SIGNING_KEY, 'development').publicKeyHex,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const schema of schemas) {
    const dataSource = createDataSource(
      { url: databaseUrl, schema, poolSize: 1, logSql: false },
      { entities: [], migrations: [] },
    );
    await dataSource.initialize();
    try {
      const [table] = await dataSource.query<{ found: string | null }[]>(
        `SELECT to_regclass('audit_seal')::text AS found`,
      );
      if (!table?.found) continue;
      const result = await verifyAudit(dataSource, { publicKey: publicKeyFromHex(publicKeyHex) });
      const problems = result.problems.map(
        (p) => `${p.batch ? `batch ${p.batch} ` : ''}${p.reason}`,
      );
      verdicts.push(
        verdict(
          'audit chain',
          `${schema} audit log (${result.rows} rows sealed in ${result.batches} batches, ${result.pending} pending)`,
          new Date(),
          problems.slice(0, 3).join('; '),
        ),
      );
    } finally {
      await dataSource.destroy();
    }
  }
  return verdicts;
}
