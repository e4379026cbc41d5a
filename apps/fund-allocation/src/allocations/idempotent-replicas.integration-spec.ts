import { signDevToken } from '@aidflow/auth';
import { startTestService, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../app.module';
import { FundsConfig, SERVICE_NAME } from '../config/funds.config';
import { FundsKit, startFundsKit, USERS } from '../testing/funds-test-kit';

const ROUNDS = 5;
const PER_REPLICA = 4;

// Two fund-allocation replicas on one schema get the same Idempotency-Key at the same moment (as
// a client retrying through the gateway's round-robin would): one write, every answer the same.
describe('idempotent writes across two replicas (real Postgres)', () => {
  let kit: FundsKit;
  let second: TestService<FundsConfig>;
  let token: string;

  beforeAll(async () => {
    kit = await startFundsKit();
    second = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: FundsConfig,
      appModule: (config) => AppModule.forRoot(config),
      env: { DB_SCHEMA: kit.service.schema, KAFKA_TOPIC_PREFIX: kit.service.topicPrefix },
    });
    token = await signDevToken(USERS.qhFin);
  }, 90_000);

  afterAll(async () => {
    // The second shares the kit's schema: only the kit drops it.
    await second?.app.close();
    await kit?.tap.stop();
    await kit?.service.close();
  });

  /** The same request, fired at once, PER_REPLICA times at each replica. */
  const together = (url: string, payload: Record<string, unknown>, key: string) =>
    Promise.all(
      [kit.service.app, second.app].flatMap((app) =>
        Array.from({ length: PER_REPLICA }, () =>
          app.inject({
            method: 'POST',
            url,
            headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
            payload,
          }),
        ),
      ),
    );

  it('a fund created with one key on both replicas at once exists once; all answers agree', async () => {
    const code = `F-IDEM-${randomUUID().slice(0, 8)}`;
    const answers = await together(
      '/api/funds',
      {
        code,
        name: '并发幂等专款',
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: 'QH',
        incidentId: kit.incidentId,
        amountFen: 500_000,
      },
      `fund-${code}`,
    );
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const [row] = await kit
      .db()
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM funds WHERE code = $1`, [code]);
    expect(row.n).toBe(1);
  });

  it('an allocation sent to both replicas at once moves the money once, round after round', async () => {
    const fund = await kit.createFund(1_000_000);
    for (let round = 1; round <= ROUNDS; round++) {
      const answers = await together(
        '/api/allocations',
        { fromFundId: fund.id, toOrgCode: 'GL', amountFen: 10_000, purpose: 'working' },
        `alloc-${fund.id.slice(0, 8)}-${round}`,
      );
      expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    }
    const view = await kit.get(`/api/funds/${fund.id}`, 'qhFin');
    expect(view.body).toMatchObject({ allocatedDownFen: ROUNDS * 10_000 });
    const [moves] = await kit
      .db()
      .query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM allocations WHERE from_fund_id = $1`,
        [fund.id],
      );
    expect(moves.n).toBe(ROUNDS);
  });
});
