// Benchmark (not a test): imports N generated rows (default 10,000) through POST /api/beneficiaries/import
// on a real schema and prints rows/s for the validation-only pass (3 bad rows) and the import.
// Run: node -r ./tools/register.js apps/incident-intake/src/testing/bench-import.ts [rows]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { residentIdCheckChar } from '../beneficiaries/resident-id';
import { IMPORT_FIELDS, IMPORT_HEADERS } from '../beneficiaries/import/import-columns';
import { IntakeKit } from './intake-test-kit';

function idFor(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `632626${birth}${String(100 + (n % 900))}`;
  return first17 + residentIdCheckChar(first17);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 10_000);
  // Outside jest nothing started the broker: the local one, as `npm test` uses it.
  process.env.KAFKA_BROKERS ||= execFileSync(
    'bash',
    [join(__dirname, '..', '..', '..', '..', 'infra', 'kafka', 'local-broker'), 'start'],
    { encoding: 'utf8' },
  ).trim();
  const kit = await IntakeKit.start({
    OUTBOX_RELAY_ENABLED: 'false',
    AUDIT_SEALER_ENABLED: 'false',
  });
  try {
    await kit.seedTreeAndIncident();
    const header = IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f].en).join(',');
    const lines = Array.from(
      { length: rows },
      (_, n) => `户主${n},${idFor(n)},affected_family,deep,4,${kit.siteId},,,yes`,
    );
    const send = async (body: string, key: string) => {
      const started = performance.now();
      const res = await kit.service.app.inject({
        method: 'POST',
        url: `/api/beneficiaries/import?incidentId=${kit.incidentId}`,
        headers: {
          authorization: `Bearer ${kit.tokens.mdField}`,
          'content-type': 'text/csv',
          'idempotency-key': key,
        },
        payload: Buffer.from(body, 'utf8'),
      });
      return { status: res.statusCode, seconds: (performance.now() - started) / 1000 };
    };
    const bad = [...lines];
    bad[1] = bad[1].replace(/,\d{17}[\dX],/, ',123,');
    const refused = await send([header, ...bad].join('\n'), 'bench-import-refused');
    const imported = await send([header, ...lines].join('\n'), 'bench-import-ok');
    const rate = (s: number) => Math.round(rows / s);
    console.log(
      `${rows} rows: validate-only (1 bad row) HTTP ${refused.status} in ${refused.seconds.toFixed(2)} s ` +
        `(${rate(refused.seconds)} rows/s); import HTTP ${imported.status} in ${imported.seconds.toFixed(2)} s ` +
        `(${rate(imported.seconds)} rows/s)`,
    );
  } finally {
    await kit.service.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
