// Benchmark (not a test): streams a 100,000-row visits export (one row per person visited) over
// real HTTP from a real schema and prints time and peak RSS. Run: node -r ./tools/register.js apps/welfare-visit/src/testing/bench-export.ts [rows] [csv|xlsx]
import { runExportBenchmark } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../app.module';
import { SERVICE_NAME, VisitsConfig } from '../config/visits.config';

runExportBenchmark({
  service: {
    serviceName: SERVICE_NAME,
    configClass: VisitsConfig,
    appModule: (config) => AppModule.forRoot(config),
  },
  path: '/api/exports/visits',
  async seed(db, rows) {
    const incidentId = randomUUID();
    const siteId = randomUUID();
    const teamId = randomUUID();
    await db.query(
      `INSERT INTO site_replica (id, incident_id, name, org_code) VALUES ($1, $2, '扎陵湖乡安置点', 'QH')`,
      [siteId, incidentId],
    );
    await db.query(
      `INSERT INTO teams (id, name, org_code, member_ids, site_ids, created_by)
       VALUES ($1, '省总工会慰问组', 'QH', '{bench}', ARRAY[$2::uuid], 'bench')`,
      [teamId, siteId],
    );
    // One visit per 10 people, each with a cash line, as at the Maduo sites.
    await db.query(
      `INSERT INTO visits (id, team_id, site_id, incident_id, org_code, visited_at, status, content_hash, logged_by)
       SELECT gen_random_uuid(), $1, $2, $3, 'QH', now(), 'accepted', repeat('a', 64), 'bench'
         FROM generate_series(1, ceil($4 / 10.0)::int)`,
      [teamId, siteId, incidentId, rows],
    );
    await db.query(
      `INSERT INTO visit_beneficiaries (visit_id, position, beneficiary_id)
       SELECT v.id, p, gen_random_uuid() FROM visits v, generate_series(0, 9) AS p`,
    );
    await db.query(
      `INSERT INTO visit_cash_lines (visit_id, beneficiary_id, disbursement_id, amount_fen, verification)
       SELECT visit_id, beneficiary_id, gen_random_uuid(), 50000, 'verified' FROM visit_beneficiaries`,
    );
  },
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
