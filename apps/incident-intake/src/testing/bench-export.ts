// Benchmark (not a test): streams a 100,000-row beneficiaries export over real HTTP from a real
// schema and prints time and peak RSS. Run: node -r ./tools/register.js apps/incident-intake/src/testing/bench-export.ts [rows] [csv|xlsx]
import { runExportBenchmark } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../app.module';
import { IntakeConfig, SERVICE_NAME } from '../config/intake.config';

runExportBenchmark({
  service: {
    serviceName: SERVICE_NAME,
    configClass: IntakeConfig,
    appModule: (config) => AppModule.forRoot(config),
  },
  path: '/api/exports/beneficiaries',
  async seed(db, rows) {
    const incidentId = randomUUID();
    const siteId = randomUUID();
    await db.query(
      `INSERT INTO orgs (code, name, level, path) VALUES ('QH', '青海省总工会', 'province', '{QH}')`,
    );
    await db.query(
      `INSERT INTO incidents (id, title, kind, occurred_at, area_codes, response_level, lead_org_code, status)
       VALUES ($1, 'Maduo M7.4', 'earthquake', now(), '{632626}', 'I', 'QH', 'open')`,
      [incidentId],
    );
    await db.query(
      `INSERT INTO sites (id, incident_id, name, kind, area_code, org_code)
       VALUES ($1, $2, '扎陵湖乡安置点', 'resettlement', '632626', 'QH')`,
      [siteId, incidentId],
    );
    await db.query(
      `INSERT INTO beneficiaries (id, incident_id, site_id, org_code, full_name, id_number_cipher,
                                  id_number_key_id, id_number_hash, id_number_masked, category, tier,
                                  household_size, phone_cipher, phone_key_id, phone_masked, consent)
       SELECT gen_random_uuid(), $1, $2, 'QH', '才让' || i, 'bench-cipher', 'dev-1',
              md5(i::text) || md5('x' || i), '632626********123X', 'affected_family', 'deep', 4,
              'bench-cipher', 'dev-1', '139****5678', true
         FROM generate_series(1, $3) AS i`,
      [incidentId, siteId, rows],
    );
  },
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
