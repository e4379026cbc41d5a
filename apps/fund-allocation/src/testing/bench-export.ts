// Benchmark (not a test): streams a 100,000-row disbursements export over real HTTP from a real
// schema and prints time and peak RSS. Run: node -r ./tools/register.js apps/fund-allocation/src/testing/bench-export.ts [rows] [csv|xlsx] [disbursements|advances]
import { runExportBenchmark } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../app.module';
import { FundsConfig, SERVICE_NAME } from '../config/funds.config';

const kind = process.argv[4] === 'advances' ? 'advances' : 'disbursements';

runExportBenchmark({
  service: {
    serviceName: SERVICE_NAME,
    configClass: FundsConfig,
    appModule: (config) => AppModule.forRoot(config),
  },
  path: `/api/exports/${kind}`,
  async seed(db, rows) {
    const fundId = randomUUID();
    await db.query(
      `INSERT INTO funds (id, code, name, source, purpose, owner_org_code, amount_fen, available_fen)
       VALUES ($1, 'BENCH', 'bench', 'union', 'condolence', 'QH', $2, $2)`,
      [fundId, String(rows * 100_000)],
    );
    await db.query(
      `INSERT INTO beneficiary_replica (id, incident_id, org_code, site_id)
       SELECT gen_random_uuid(), gen_random_uuid(), 'QH', gen_random_uuid() FROM generate_series(1, $1)`,
      [rows],
    );
    await db.query(
      `INSERT INTO disbursements (id, fund_id, beneficiary_id, amount_fen, purpose, status, org_code, requested_by, required_approvals)
       SELECT gen_random_uuid(), $1, id, 100000, '抗震救灾慰问金', 'requested', 'QH', 'bench', 1 FROM beneficiary_replica`,
      [fundId],
    );
    if (kind === 'advances') {
      const teamId = randomUUID();
      await db.query(
        `INSERT INTO team_replica (id, name, org_code, site_ids) VALUES ($1, '省总工会慰问组', 'QH', '{}')`,
        [teamId],
      );
      await db.query(
        `INSERT INTO advances (id, fund_id, team_id, amount_fen, outstanding_fen, status, org_code, requested_by, required_approvals)
         SELECT gen_random_uuid(), $1, $2, 100000, 100000, 'requested', 'QH', 'bench', 1 FROM generate_series(1, $3)`,
        [fundId, teamId, rows],
      );
    }
  },
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
