import { AuthUser, signDevToken } from '@aidflow/auth';
import { DLQ_HEADERS, dlqTopic, EventPayloads, TOPICS } from '@aidflow/contracts';
import { eventually, EventTap, startTestService, testBrokers, TestService } from '@aidflow/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { FundsConfig, SERVICE_NAME } from './config/funds.config';
import { announceIncident } from './testing/announce-incident';

type Body = Record<string, unknown> & {
  details?: { field: string; problem: string }[];
  existingId?: string;
};

const users = {
  qhFin: { sub: 'u-qh-fin', name: '财务甲', roles: ['finance'], orgCode: 'QH' },
  qhFin2: { sub: 'u-qh-fin2', roles: ['finance'], orgCode: 'QH' },
  qhField: { sub: 'u-qh-field', roles: ['field'], orgCode: 'QH' },
  qhAppr1: { sub: 'u-qh-appr1', name: '审批甲', roles: ['approver'], orgCode: 'QH' },
  qhAppr2: { sub: 'u-qh-appr2', roles: ['approver'], orgCode: 'QH' },
  // Both roles: may request and approve, never the same request.
  qhFinAppr: { sub: 'u-qh-finappr', roles: ['finance', 'approver'], orgCode: 'QH' },
  qhAdmin: { sub: 'u-qh-admin', roles: ['admin'], orgCode: 'QH' },
  qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
  mqFin: { sub: 'u-mq-fin', roles: ['finance'], orgCode: 'MQ' },
  xzFin: { sub: 'u-xz-fin', roles: ['finance', 'approver'], orgCode: 'XZ' },
} satisfies Record<string, AuthUser>;
type Who = keyof typeof users;

/** Every violation of the fund invariants: balance identity, signs, ledger sums, zero-sum movements, stock. */
async function invariantViolations(db: DataSource): Promise<string[]> {
  const violations: string[] = [];
  const funds = await db.query<
    { id: string; a: string; d: string; r: string; dl: string; av: string }[]
  >(
    `SELECT id, amount_fen::text a, allocated_down_fen::text d, reserved_fen::text r,
            delivered_fen::text dl, available_fen::text av FROM funds`,
  );
  for (const f of funds) {
    const [a, d, r, dl, av] = [f.a, f.d, f.r, f.dl, f.av].map(BigInt);
    if (a !== d + r + dl + av) violations.push(`fund ${f.id}: ${a} != ${d}+${r}+${dl}+${av}`);
    if ([d, r, dl, av].some((v) => v < 0n)) violations.push(`fund ${f.id}: negative bucket`);
  }
  const ledger = await db.query<{ id: string }[]>(
    `SELECT f.id FROM funds f LEFT JOIN LATERAL (
       SELECT coalesce(sum(delta_fen) FILTER (WHERE bucket = 'funding'), 0) AS funding,
              coalesce(sum(delta_fen) FILTER (WHERE bucket = 'available'), 0) AS available,
              coalesce(sum(delta_fen) FILTER (WHERE bucket = 'reserved'), 0) AS reserved,
              coalesce(sum(delta_fen) FILTER (WHERE bucket = 'delivered'), 0) AS delivered,
              coalesce(sum(delta_fen) FILTER (WHERE bucket = 'allocated_down'), 0) AS allocated_down
         FROM ledger_entries l WHERE l.fund_id = f.id) s ON true
      WHERE f.amount_fen <> -s.funding OR f.available_fen <> s.available OR f.reserved_fen <> s.reserved
         OR f.delivered_fen <> s.delivered OR f.allocated_down_fen <> s.allocated_down`,
  );
  for (const f of ledger) violations.push(`fund ${f.id}: balances differ from the ledger`);
  const movements = await db.query<{ movement_id: string }[]>(
    `SELECT movement_id FROM ledger_entries GROUP BY movement_id HAVING sum(delta_fen) <> 0 OR count(*) <> 2`,
  );
  for (const m of movements)
    violations.push(`movement ${m.movement_id} is not two rows summing to 0`);
  const stock = await db.query<{ item_code: string }[]>(
    `SELECT item_code FROM stock_items WHERE delivered_qty > received_qty OR delivered_qty <> coalesce(
       (SELECT sum(quantity) FROM stock_movements m WHERE m.kind = 'delivery'
           AND m.org_code = stock_items.org_code AND m.item_code = stock_items.item_code), 0)`,
  );
  for (const s of stock)
    violations.push(`stock ${s.item_code}: on hand below zero or off its movements`);
  return violations;
}

describe('fund-allocation over HTTP and Kafka (real Postgres, real broker)', () => {
  let service: TestService<FundsConfig>;
  let tap: EventTap;
  let dlqReader: Consumer;
  const deadLetters: { reason: string; error: string; eventId?: string }[] = [];
  const tokens = {} as Record<Who, string>;
  const incidentId = randomUUID();
  const otherIncidentId = randomUUID();
  /** Led by XZ, beside QH: none of QH's business. */
  const xzIncidentId = randomUUID();
  /** Led by GL, below QH. */
  const glIncidentId = randomUUID();
  const db = () => service.app.get(DataSource);

  async function call(
    method: 'GET' | 'POST',
    url: string,
    who: Who,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body; text: string }> {
    const res = await service.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    const text = res.body;
    let body: Body = {};
    try {
      body = JSON.parse(text) as Body;
    } catch {
      // CSV and other non-JSON bodies are read from `text`
    }
    return { status: res.statusCode, body, text };
  }
  const fieldsOf = (body: Body) => new Set((body.details ?? []).map((d) => d.field));
  const post = (url: string, who: Who, payload?: unknown, headers?: Record<string, string>) =>
    call('POST', url, who, payload ?? {}, headers);
  const get = (url: string, who: Who) => call('GET', url, who);

  let codeSeq = 0;
  async function createFund(
    amountFen: number,
    overrides: Record<string, unknown> = {},
    who: Who = 'qhFin',
  ) {
    const res = await post('/api/funds', who, {
      code: `QH-${++codeSeq}-${randomUUID().slice(0, 8)}`,
      name: '青海省总工会抗震救灾专款',
      source: 'union',
      purpose: 'condolence',
      ownerOrgCode: 'QH',
      incidentId,
      amountFen,
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body as Body & { id: string; availableFen: number };
  }

  async function registerBeneficiaries(count: number, incident = incidentId, orgCode = 'GL') {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) {
      await tap.publish('beneficiary.registered', id, {
        beneficiaryId: id,
        incidentId: incident,
        siteId: randomUUID(),
        idNumberMasked: '632626********1234',
        category: 'affected_family',
        tier: 'deep',
        householdSize: 4,
        orgCode,
      });
    }
    await eventually(
      async () => {
        const [row] = await db().query<{ n: number }[]>(
          `SELECT count(*)::int n FROM beneficiary_replica WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        return row?.n === count ? true : undefined;
      },
      { what: `${count} beneficiaries in the replica` },
    );
    return ids;
  }

  async function requestDisbursement(
    fundId: string,
    beneficiaryId: string,
    amountFen: number,
    who: Who = 'qhFin',
    extra: Record<string, unknown> = {},
  ) {
    return post('/api/disbursements', who, {
      fundId,
      beneficiaryId,
      amountFen,
      purpose: '抗震救灾慰问金',
      ...extra,
    });
  }

  async function approvedDisbursement(fundId: string, beneficiaryId: string, amountFen: number) {
    const req = await requestDisbursement(fundId, beneficiaryId, amountFen);
    expect(req.status).toBe(201);
    const id = req.body.id as string;
    let res = await post(`/api/disbursements/${id}/approve`, 'qhAppr1');
    if (res.body.status === 'partially_approved')
      res = await post(`/api/disbursements/${id}/approve`, 'qhAppr2');
    expect(res.body.status).toBe('approved');
    return id;
  }

  function visit(lines: EventPayloads['visit.logged']['beneficiaries'], orgCode = 'QH') {
    const visitId = randomUUID();
    const data: EventPayloads['visit.logged'] = {
      visitId,
      teamId: randomUUID(),
      siteId: randomUUID(),
      incidentId,
      orgCode,
      visitedAt: '2021-05-26T10:00:00+08:00',
      status: 'accepted',
      beneficiaries: lines,
    };
    return data;
  }

  async function disbursementStatus(id: string): Promise<string> {
    const [row] = await db().query<{ status: string }[]>(
      `SELECT status FROM disbursements WHERE id = $1`,
      [id],
    );
    return row?.status ?? 'missing';
  }

  async function retriedCount(): Promise<number> {
    const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
    return [...metrics.body.matchAll(/^aidflow_events_retried_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  }

  /** The event is done with (in the inbox as processed) and nothing of it went to the DLQ. */
  async function settledWithoutDeadLetter(eventId: string): Promise<void> {
    await eventually(
      async () => {
        const [row] = await service.app
          .get(DataSource)
          .query<{ outcome: string }[]>(`SELECT outcome FROM inbox WHERE event_id = $1`, [eventId]);
        return row ? row.outcome : undefined;
      },
      { what: `event ${eventId} in the inbox` },
    ).then((outcome) => expect(outcome).toBe('processed'));
    expect(deadLetters.filter((d) => d.eventId === eventId)).toEqual([]);
  }

  beforeAll(async () => {
    for (const [name, user] of Object.entries(users))
      tokens[name as Who] = await signDevToken(user);
    service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: FundsConfig,
      appModule: (config) => AppModule.forRoot(config),
      // Were a refused visit retried (it must not be), it would reach the DLQ quickly.
      env: { MAX_ATTEMPTS: '2', RETRY_BACKOFF_MS: '20' },
    });
    tap = await new EventTap(service.topicPrefix).start();

    const kafka = new Kafka({
      clientId: 'dlq-reader',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    });
    dlqReader = kafka.consumer({
      groupId: `${service.topicPrefix}dlq-reader`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    await dlqReader.connect();
    await dlqReader.subscribe({
      topic: service.topicPrefix + dlqTopic(TOPICS.visits),
      fromBeginning: true,
    });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString();
        deadLetters.push({
          reason: message.headers?.[DLQ_HEADERS.reason]?.toString() ?? '',
          error: message.headers?.[DLQ_HEADERS.error]?.toString() ?? '',
          eventId: value ? (JSON.parse(value) as { id: string }).id : undefined,
        });
      },
    });

    // The org tree as incident-intake announces it: CN → QH → GL → {MQ, MD}; XZ beside QH.
    const orgs: EventPayloads['org.registered'][] = [
      { code: 'CN', name: '中华全国总工会', level: 'national', path: ['CN'] },
      { code: 'QH', name: '青海省总工会', level: 'province', parentCode: 'CN', path: ['CN', 'QH'] },
      {
        code: 'XZ',
        name: '西藏自治区总工会',
        level: 'province',
        parentCode: 'CN',
        path: ['CN', 'XZ'],
      },
      {
        code: 'GL',
        name: '果洛州总工会',
        level: 'prefecture',
        parentCode: 'QH',
        path: ['CN', 'QH', 'GL'],
      },
      {
        code: 'MQ',
        name: '玛沁县总工会',
        level: 'county',
        parentCode: 'GL',
        path: ['CN', 'QH', 'GL', 'MQ'],
      },
      {
        code: 'MD',
        name: '玛多县总工会',
        level: 'county',
        parentCode: 'GL',
        path: ['CN', 'QH', 'GL', 'MD'],
      },
    ];
    for (const org of orgs) await tap.publish('org.registered', org.code, org);
    await eventually(
      async () => {
        const [row] = await db().query<{ n: number }[]>(`SELECT count(*)::int n FROM org_replica`);
        return row?.n === orgs.length ? true : undefined;
      },
      { what: 'the org tree in the replica' },
    );
    await announceIncident(tap, db, incidentId);
    await announceIncident(tap, db, xzIncidentId, 'XZ');
    await announceIncident(tap, db, glIncidentId, 'GL');
  });

  afterEach(async () => {
    expect(await invariantViolations(db())).toEqual([]);
  });

  afterAll(async () => {
    await dlqReader?.disconnect();
    await tap?.stop();
    await service?.close();
  });

  describe('funds', () => {
    it('a fund naming an unknown incident, or one led outside its branch, → 422 alike, nothing stored', async () => {
      const fundsBefore = await db().query<{ n: number }[]>(`SELECT count(*)::int n FROM funds`);
      for (const unknownOrForeign of [randomUUID(), xzIncidentId]) {
        const res = await post('/api/funds', 'qhFin', {
          code: `QH-X-${randomUUID().slice(0, 8)}`,
          name: 'stray fund',
          source: 'union',
          purpose: 'condolence',
          ownerOrgCode: 'QH',
          incidentId: unknownOrForeign,
          amountFen: 1000,
        });
        expect(res.status).toBe(422);
        expect(res.body.details).toEqual([
          {
            field: 'incidentId',
            problem:
              'no incident with this id is known for the owner org (it may not have arrived yet)',
          },
        ]);
      }
      expect(await db().query(`SELECT count(*)::int n FROM funds`)).toEqual(fundsBefore);
      // The province above an incident's lead org may hold a fund for it.
      expect((await createFund(1000, { incidentId: glIncidentId })).incidentId).toBe(glIncidentId);
    });

    it('creates a fund for finance in scope, announces it and funds it through the ledger', async () => {
      const fund = await createFund(1_000_000);
      expect(fund).toMatchObject({
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: 'QH',
        incidentId,
        amountFen: 1_000_000,
        availableFen: 1_000_000,
        allocatedDownFen: 0,
        reservedFen: 0,
        deliveredFen: 0,
      });
      const event = await tap.waitFor('fund.created', (e) => e.data.fundId === fund.id);
      expect(event.data).toMatchObject({ amountFen: 1_000_000, ownerOrgCode: 'QH' });
      expect((await get(`/api/funds/${fund.id}`, 'qhOps')).body).toMatchObject({ id: fund.id });
      expect((await get(`/api/funds/${fund.id}`, 'xzFin')).status).toBe(404);
    });

    it('refuses bad input naming every bad field, and writes nothing', async () => {
      const [before] = await db().query<{ n: number }[]>(`SELECT count(*)::int n FROM funds`);
      const bad = await post('/api/funds', 'qhFin', {
        code: '',
        name: 'x',
        source: 'lottery',
        purpose: 'condolence',
        ownerOrgCode: 'QH',
        amountFen: 12.5,
        colour: 'red',
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(new Set(['code', 'source', 'amountFen', 'colour']));
      for (const amountFen of [0, -5, '100', Number.MAX_SAFE_INTEGER + 2, 1e300]) {
        const res = await post('/api/funds', 'qhFin', {
          code: 'X-1',
          name: 'x',
          source: 'union',
          purpose: 'other',
          ownerOrgCode: 'QH',
          amountFen,
        });
        expect([res.status, [...fieldsOf(res.body)]]).toEqual([400, ['amountFen']]);
      }
      const [after] = await db().query<{ n: number }[]>(`SELECT count(*)::int n FROM funds`);
      expect(after?.n).toBe(before?.n);
    });

    it('checks role, scope, org and code', async () => {
      const body = {
        code: 'SCOPE-1',
        name: 'x',
        source: 'union',
        purpose: 'other',
        ownerOrgCode: 'QH',
        amountFen: 100,
      };
      expect((await post('/api/funds', 'qhField', body)).status).toBe(403);
      expect((await post('/api/funds', 'xzFin', body)).status).toBe(403);
      expect((await post('/api/funds', 'mqFin', body)).status).toBe(403);
      const unknownOrg = await post('/api/funds', 'qhFin', { ...body, ownerOrgCode: 'NOPE' });
      expect([unknownOrg.status, [...fieldsOf(unknownOrg.body)]]).toEqual([422, ['ownerOrgCode']]);
      const first = await post('/api/funds', 'qhFin', body);
      expect(first.status).toBe(201);
      const dup = await post('/api/funds', 'qhFin', { ...body, amountFen: 5 });
      expect(dup.status).toBe(409);
      expect(dup.body.existingId).toBe(first.body.id);
    });
  });

  describe('allocations', () => {
    it('moves money to a child fund of a descendant org only, within the available balance', async () => {
      const fund = await createFund(500_000);
      const res = await post('/api/allocations', 'qhFin', {
        fromFundId: fund.id,
        toOrgCode: 'MD',
        amountFen: 200_000,
        purpose: 'working',
        note: '专项工作经费',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        fromFundId: fund.id,
        toOrgCode: 'MD',
        amountFen: 200_000,
        childFund: {
          parentFundId: fund.id,
          ownerOrgCode: 'MD',
          amountFen: 200_000,
          availableFen: 200_000,
          purpose: 'working',
        },
      });
      const childId = (res.body.childFund as { id: string }).id;
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        availableFen: 300_000,
        allocatedDownFen: 200_000,
      });
      const allocated = await tap.waitFor('fund.allocated', (e) => e.data.fromFundId === fund.id);
      expect(allocated.data).toMatchObject({
        toFundId: childId,
        fromOrgCode: 'QH',
        toOrgCode: 'MD',
        amountFen: 200_000,
      });
      await tap.waitFor(
        'fund.created',
        (e) => e.data.fundId === childId && e.data.parentFundId === fund.id,
      );

      // The county sees its child fund but cannot move it sideways (MQ) or up (GL, QH) or to itself.
      expect((await get(`/api/funds/${childId}`, 'qhOps')).status).toBe(200);
      const mdFund = childId;
      for (const toOrgCode of ['MQ', 'GL', 'QH', 'MD', 'XZ', 'NOPE']) {
        const refused = await post('/api/allocations', 'qhFin', {
          fromFundId: mdFund,
          toOrgCode,
          amountFen: 1,
          purpose: 'working',
        });
        expect([toOrgCode, refused.status, [...fieldsOf(refused.body)]]).toEqual([
          toOrgCode,
          422,
          ['toOrgCode'],
        ]);
      }
      const tooMuch = await post('/api/allocations', 'qhFin', {
        fromFundId: fund.id,
        toOrgCode: 'GL',
        amountFen: 300_001,
        purpose: 'working',
      });
      expect([tooMuch.status, [...fieldsOf(tooMuch.body)]]).toEqual([422, ['amountFen']]);
      const outOfScope = await post('/api/allocations', 'mqFin', {
        fromFundId: fund.id,
        toOrgCode: 'MQ',
        amountFen: 1,
        purpose: 'working',
      });
      expect([outOfScope.status, [...fieldsOf(outOfScope.body)]]).toEqual([422, ['fromFundId']]);
      expect(
        (
          await post('/api/allocations', 'qhField', {
            fromFundId: fund.id,
            toOrgCode: 'GL',
            amountFen: 1,
            purpose: 'working',
          })
        ).status,
      ).toBe(403);
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        availableFen: 300_000,
      });
    });

    it('50 parallel allocations from one fund: exactly the ones that fit succeed, the rest 422', async () => {
      const fund = await createFund(1_000_000);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          post('/api/allocations', 'qhFin', {
            fromFundId: fund.id,
            toOrgCode: 'GL',
            amountFen: 30_000,
            purpose: 'relief',
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(33);
      expect(statuses.filter((s) => s === 422)).toHaveLength(17);
      const after = (await call('GET', `/api/funds/${fund.id}/reconciliation`, 'qhFin')).body;
      expect(after).toMatchObject({
        availableFen: 10_000,
        allocatedDownFen: 990_000,
        ledgerConsistent: true,
        balanced: true,
      });
    });

    it('repeats an Idempotency-Key request without a second movement; another body with the key is 422', async () => {
      const fund = await createFund(100_000);
      const key = `alloc-${randomUUID()}`;
      const body = { fromFundId: fund.id, toOrgCode: 'GL', amountFen: 40_000, purpose: 'working' };
      const [a, b] = await Promise.all([
        post('/api/allocations', 'qhFin', body, { 'idempotency-key': key }),
        post('/api/allocations', 'qhFin', body, { 'idempotency-key': key }),
      ]);
      const c = await post('/api/allocations', 'qhFin', body, { 'idempotency-key': key });
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
      const other = await post(
        '/api/allocations',
        'qhFin',
        { ...body, amountFen: 1 },
        { 'idempotency-key': key },
      );
      expect(other.status).toBe(422);
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        availableFen: 60_000,
      });
      const [rows] = await db().query<{ n: number }[]>(
        `SELECT count(*)::int n FROM allocations WHERE from_fund_id = $1`,
        [fund.id],
      );
      expect(rows?.n).toBe(1);
      await tap.waitFor('fund.allocated', (e) => e.data.fromFundId === fund.id);
      // The relay had its chance to publish a second one (it polls every 100 ms).
      await tap.waitFor('fund.created', (e) => e.data.fundId === fund.id);
      expect(
        tap.ofType('fund.allocated').filter((e) => e.data.fromFundId === fund.id),
      ).toHaveLength(1);
    });
  });

  describe('disbursements', () => {
    let fundId: string;
    let people: string[];
    beforeAll(async () => {
      fundId = (await createFund(2_000_000)).id;
      people = await registerBeneficiaries(8);
    });

    it('requests only for registered beneficiaries of the fund’s incident, by finance or field', async () => {
      const unknown = await requestDisbursement(fundId, randomUUID(), 1000);
      expect([unknown.status, [...fieldsOf(unknown.body)]]).toEqual([422, ['beneficiaryId']]);
      const [stranger] = await registerBeneficiaries(1, otherIncidentId);
      const wrongIncident = await requestDisbursement(fundId, stranger, 1000);
      expect([wrongIncident.status, [...fieldsOf(wrongIncident.body)]]).toEqual([
        422,
        ['beneficiaryId'],
      ]);
      expect((await requestDisbursement(fundId, people[0], 1000, 'qhAppr1')).status).toBe(403);
      const badBody = await requestDisbursement(fundId, people[0], 10.5, 'qhField', { extra: 1 });
      expect(fieldsOf(badBody.body)).toEqual(new Set(['amountFen', 'extra']));
      const unknownFund = await requestDisbursement(randomUUID(), people[0], 1000);
      expect([unknownFund.status, [...fieldsOf(unknownFund.body)]]).toEqual([422, ['fundId']]);

      const ok = await requestDisbursement(fundId, people[0], 1000, 'qhField');
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        status: 'requested',
        requestedBy: 'u-qh-field',
        requiredApprovals: 1,
        orgCode: 'QH',
      });
      const event = await tap.waitFor(
        'disbursement.requested',
        (e) => e.data.disbursementId === ok.body.id,
      );
      expect(event.data).toMatchObject({
        amountFen: 1000,
        requestedBy: 'u-qh-field',
        orgCode: 'QH',
        incidentId,
      });
    });

    it('maker-checker: the requester never approves their own request; one approval reserves up to the threshold', async () => {
      const req = await requestDisbursement(fundId, people[1], 500_000, 'qhFinAppr');
      expect(req.body.requiredApprovals).toBe(1);
      const id = req.body.id as string;
      expect((await post(`/api/disbursements/${id}/approve`, 'qhFinAppr')).status).toBe(403);
      expect((await post(`/api/disbursements/${id}/approve`, 'qhFin')).status).toBe(403);
      expect((await post(`/api/disbursements/${id}/approve`, 'xzFin')).status).toBe(404);
      const before = (await get(`/api/funds/${fundId}`, 'qhFin')).body;
      const approved = await post(`/api/disbursements/${id}/approve`, 'qhAppr1');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', approvedBy: ['u-qh-appr1'] });
      const after = (await get(`/api/funds/${fundId}`, 'qhFin')).body;
      expect(after.availableFen).toBe((before.availableFen as number) - 500_000);
      expect(after.reservedFen).toBe((before.reservedFen as number) + 500_000);
      await tap.waitFor(
        'disbursement.approved',
        (e) => e.data.disbursementId === id && e.data.amountFen === 500_000,
      );
      // Decided: neither approved nor rejected again.
      expect((await post(`/api/disbursements/${id}/approve`, 'qhAppr2')).status).toBe(409);
      expect(
        (await post(`/api/disbursements/${id}/reject`, 'qhAppr2', { reason: 'late' })).status,
      ).toBe(409);
      // Cancelling an approved one is a release now (CONTRACT: release), which needs a reason.
      expect((await post(`/api/disbursements/${id}/cancel`, 'qhFinAppr')).status).toBe(400);
    });

    it('above the threshold two different approvers; the first reserves nothing', async () => {
      const req = await requestDisbursement(fundId, people[2], 500_001);
      const id = req.body.id as string;
      expect(req.body.requiredApprovals).toBe(2);
      const before = (await get(`/api/funds/${fundId}`, 'qhFin')).body;
      const first = await post(`/api/disbursements/${id}/approve`, 'qhAppr1');
      expect(first.body).toMatchObject({
        status: 'partially_approved',
        approvedBy: ['u-qh-appr1'],
      });
      expect((await get(`/api/funds/${fundId}`, 'qhFin')).body).toMatchObject({
        availableFen: before.availableFen,
        reservedFen: before.reservedFen,
      });
      await tap.waitFor('disbursement.partially_approved', (e) => e.data.disbursementId === id);
      expect((await post(`/api/disbursements/${id}/approve`, 'qhAppr1')).status).toBe(403);
      const second = await post(`/api/disbursements/${id}/approve`, 'qhAppr2');
      expect(second.body).toMatchObject({
        status: 'approved',
        approvedBy: ['u-qh-appr1', 'u-qh-appr2'],
      });
      expect((await get(`/api/funds/${fundId}`, 'qhFin')).body).toMatchObject({
        availableFen: (before.availableFen as number) - 500_001,
        reservedFen: (before.reservedFen as number) + 500_001,
      });
      const history = (await get(`/api/disbursements/${id}`, 'qhOps')).body.history as {
        action: string;
        actor?: { sub: string; name?: string };
      }[];
      expect(history.map((h) => [h.action, h.actor?.sub])).toEqual([
        ['requested', 'u-qh-fin'],
        ['partially_approved', 'u-qh-appr1'],
        ['approved', 'u-qh-appr2'],
      ]);
      expect(history[0]?.actor?.name).toBe('财务甲');
    });

    it('rejects with a reason from requested or partially approved; cancel only by the requester while requested', async () => {
      const a = (await requestDisbursement(fundId, people[3], 1000)).body.id as string;
      expect(fieldsOf((await post(`/api/disbursements/${a}/reject`, 'qhAppr1', {})).body)).toEqual(
        new Set(['reason']),
      );
      const rejected = await post(`/api/disbursements/${a}/reject`, 'qhAppr1', {
        reason: '不符合条件',
      });
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '不符合条件' });
      await tap.waitFor(
        'disbursement.rejected',
        (e) => e.data.disbursementId === a && e.data.rejectedBy === 'u-qh-appr1',
      );
      expect(
        (await post(`/api/disbursements/${a}/reject`, 'qhAppr2', { reason: 'again' })).status,
      ).toBe(409);

      const b = (await requestDisbursement(fundId, people[4], 900_000)).body.id as string;
      await post(`/api/disbursements/${b}/approve`, 'qhAppr1');
      expect(
        (await post(`/api/disbursements/${b}/reject`, 'qhAppr2', { reason: '复核未通过' })).body
          .status,
      ).toBe('rejected');

      const c = (await requestDisbursement(fundId, people[5], 1000)).body.id as string;
      expect((await post(`/api/disbursements/${c}/cancel`, 'qhFin2')).status).toBe(403);
      const cancelled = await post(`/api/disbursements/${c}/cancel`, 'qhFin', {
        reason: '重复登记',
      });
      expect(cancelled.body.status).toBe('cancelled');
      await tap.waitFor(
        'disbursement.cancelled',
        (e) => e.data.disbursementId === c && e.data.cancelledBy === 'u-qh-fin',
      );
      expect((await post(`/api/disbursements/${c}/approve`, 'qhAppr1')).status).toBe(409);

      const list = await get(`/api/disbursements?status=rejected&fundId=${fundId}`, 'qhOps');
      expect((list.body.items as { id: string }[]).map((d) => d.id).sort()).toEqual([a, b].sort());
      expect((await get(`/api/disbursements?fundId=${fundId}`, 'xzFin')).body.items).toEqual([]);
    });

    it('one open or delivered disbursement per beneficiary and fund unless allowRepeat says why', async () => {
      const person = people[6];
      const first = await requestDisbursement(fundId, person, 2000);
      const dup = await requestDisbursement(fundId, person, 3000);
      expect(dup.status).toBe(409);
      expect(dup.body.existingId).toBe(first.body.id);
      const noReason = await requestDisbursement(fundId, person, 3000, 'qhFin', {
        allowRepeat: true,
      });
      expect([noReason.status, [...fieldsOf(noReason.body)]]).toEqual([400, ['repeatReason']]);
      const reasonOnly = await requestDisbursement(fundId, person, 3000, 'qhFin', {
        repeatReason: '房屋倒塌',
      });
      expect([reasonOnly.status, [...fieldsOf(reasonOnly.body)]]).toEqual([400, ['repeatReason']]);
      const repeat = await requestDisbursement(fundId, person, 3000, 'qhFin', {
        allowRepeat: true,
        repeatReason: '房屋倒塌，二次慰问',
      });
      expect(repeat.status).toBe(201);
      expect(repeat.body).toMatchObject({ allowRepeat: true, repeatReason: '房屋倒塌，二次慰问' });

      // Concurrent duplicates for a fresh person: exactly one gets through.
      const fresh = people[7];
      const racing = await Promise.all(
        Array.from({ length: 5 }, () => requestDisbursement(fundId, fresh, 1500)),
      );
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);

      // The open repeat blocks a plain request as well; once neither is open the person may be asked for again.
      await post(`/api/disbursements/${first.body.id as string}/reject`, 'qhAppr1', {
        reason: 'wrong amount',
      });
      const blocked = await requestDisbursement(fundId, person, 2500);
      expect([blocked.status, blocked.body.existingId]).toEqual([409, repeat.body.id]);
      await post(`/api/disbursements/${repeat.body.id as string}/cancel`, 'qhFin');
      const again = await requestDisbursement(fundId, person, 2500);
      expect(again.status).toBe(201);
    });

    it('an approval the fund cannot cover is 422 and changes nothing', async () => {
      const small = await createFund(10_000);
      const [person] = await registerBeneficiaries(1);
      const id = (await requestDisbursement(small.id, person, 10_001)).body.id as string;
      const refused = await post(`/api/disbursements/${id}/approve`, 'qhAppr1');
      expect([refused.status, [...fieldsOf(refused.body)]]).toEqual([422, ['amountFen']]);
      expect(await disbursementStatus(id)).toBe('requested');
      expect((await get(`/api/funds/${small.id}`, 'qhFin')).body).toMatchObject({
        availableFen: 10_000,
        reservedFen: 0,
      });
    });

    it('50 parallel approvals against one fund: exactly the ones that fit succeed, the rest 422', async () => {
      const fund = await createFund(1_000_000);
      const [person] = await registerBeneficiaries(1);
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await requestDisbursement(fund.id, person, 30_000, 'qhFin', {
          allowRepeat: true,
          repeatReason: `batch ${i}`,
        });
        ids.push(res.body.id as string);
      }
      const results = await Promise.all(
        ids.map((id) => post(`/api/disbursements/${id}/approve`, 'qhAppr1')),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(33);
      expect(statuses.filter((s) => s === 422)).toHaveLength(17);
      expect(
        (await call('GET', `/api/funds/${fund.id}/reconciliation`, 'qhFin')).body,
      ).toMatchObject({
        availableFen: 10_000,
        reservedFen: 990_000,
        ledgerConsistent: true,
      });
    });

    it('an Idempotency-Key makes a request once', async () => {
      const [person] = await registerBeneficiaries(1);
      const key = `disb-${randomUUID()}`;
      const body = { fundId, beneficiaryId: person, amountFen: 4200, purpose: '慰问金' };
      const a = await post('/api/disbursements', 'qhFin', body, { 'idempotency-key': key });
      const b = await post('/api/disbursements', 'qhFin', body, { 'idempotency-key': key });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(
        (
          await post(
            '/api/disbursements',
            'qhFin',
            { ...body, amountFen: 4300 },
            { 'idempotency-key': key },
          )
        ).status,
      ).toBe(422);
      const [rows] = await db().query<{ n: number }[]>(
        `SELECT count(*)::int n FROM disbursements WHERE beneficiary_id = $1`,
        [person],
      );
      expect(rows?.n).toBe(1);
    });
  });

  describe('delivery from welfare visits', () => {
    it('a cash line delivers once, however often the visit arrives', async () => {
      const fund = await createFund(100_000);
      const [person] = await registerBeneficiaries(1);
      const id = await approvedDisbursement(fund.id, person, 60_000);
      const data = visit([
        { beneficiaryId: person, cash: { disbursementId: id, amountFen: 60_000 } },
      ]);
      const event = await tap.publish('visit.logged', data.visitId, data, {
        producer: 'welfare-visit',
      });
      await tap.publishRaw(event);
      // The same visit re-sent under a new event id (a field device syncing twice) is a no-op too.
      await tap.publish('visit.logged', data.visitId, data, { producer: 'welfare-visit' });
      await tap.waitFor('disbursement.delivered', (e) => e.data.disbursementId === id);
      await eventually(async () => {
        const [row] = await db().query<{ n: number }[]>(
          `SELECT count(*)::int n FROM inbox WHERE type = 'visit.logged' AND event_id = ANY($1::uuid[])`,
          [[event.id]],
        );
        return row?.n === 1 ? true : undefined;
      });
      // Let the third copy through the consumer before counting.
      await eventually(async () => {
        const [row] = await db().query<{ n: number }[]>(
          `SELECT count(*)::int n FROM inbox WHERE type = 'visit.logged'`,
        );
        const [mine] = await db().query<{ n: number }[]>(
          `SELECT count(*)::int n FROM ledger_entries WHERE disbursement_id = $1 AND kind = 'delivery'`,
          [id],
        );
        return (row?.n ?? 0) >= 2 && mine?.n === 2 ? true : undefined;
      });
      expect(await disbursementStatus(id)).toBe('delivered');
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        reservedFen: 0,
        deliveredFen: 60_000,
        availableFen: 40_000,
      });
      expect(
        tap.ofType('disbursement.delivered').filter((e) => e.data.disbursementId === id),
      ).toHaveLength(1);
      const detail = (await get(`/api/disbursements/${id}`, 'qhFin')).body;
      expect(detail).toMatchObject({ status: 'delivered', deliveredVisitId: data.visitId });
      expect((detail.history as { action: string; visitId?: string }[]).at(-1)).toMatchObject({
        action: 'delivered',
        visitId: data.visitId,
      });
      // Delivered counts for the repeat rule.
      expect((await requestDisbursement(fund.id, person, 1000)).status).toBe(409);
    });

    it('cash naming an unknown disbursement: a discrepancy of that visit for its org, tried once, never dead-lettered', async () => {
      const [person] = await registerBeneficiaries(1);
      const unknown = randomUUID();
      const data = visit(
        [{ beneficiaryId: person, cash: { disbursementId: unknown, amountFen: 50_000 } }],
        'MQ',
      );
      const retriedBefore = await retriedCount();
      const event = await tap.publish('visit.logged', data.visitId, data);
      const alert = await tap.waitFor(
        'discrepancy.reported',
        (e) => e.data.visitId === data.visitId,
      );
      expect(alert.data).toMatchObject({
        kind: 'cash',
        disbursementId: unknown,
        expected: 0,
        actual: 50_000,
        orgCode: 'MQ',
      });
      await settledWithoutDeadLetter(event.id);
      expect(await retriedCount()).toBe(retriedBefore);
      const [kept] = await db().query<{ visit_id: string; org_code: string }[]>(
        `SELECT visit_id, org_code FROM discrepancies WHERE source_event_id = $1`,
        [event.id],
      );
      expect(kept).toEqual({ visit_id: data.visitId, org_code: 'MQ' });
    });

    it('an amount that differs from the approved one raises a discrepancy, is done with, never dead-lettered', async () => {
      const fund = await createFund(200_000);
      const [person] = await registerBeneficiaries(1);
      const id = await approvedDisbursement(fund.id, person, 100_000);
      const data = visit([
        { beneficiaryId: person, cash: { disbursementId: id, amountFen: 90_000 } },
      ]);
      const event = await tap.publish('visit.logged', data.visitId, data);
      const alert = await tap.waitFor('discrepancy.reported', (e) => e.data.disbursementId === id);
      expect(alert.data).toMatchObject({
        kind: 'cash',
        visitId: data.visitId,
        expected: 100_000,
        actual: 90_000,
        orgCode: 'QH',
        incidentId,
      });
      expect(alert.data.reason).toContain(
        'approved for 100000 fen, 90000 fen reported handed over',
      );
      await settledWithoutDeadLetter(event.id);
      expect(await disbursementStatus(id)).toBe('approved');
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        reservedFen: 100_000,
        deliveredFen: 0,
      });
      // Alerted once.
      expect(
        tap.ofType('discrepancy.reported').filter((e) => e.data.disbursementId === id),
      ).toHaveLength(1);

      // A second visit handing over the same, already delivered cash is a discrepancy too.
      const good = visit([
        { beneficiaryId: person, cash: { disbursementId: id, amountFen: 100_000 } },
      ]);
      await tap.publish('visit.logged', good.visitId, good);
      await tap.waitFor('disbursement.delivered', (e) => e.data.disbursementId === id);
      const twice = visit([
        { beneficiaryId: person, cash: { disbursementId: id, amountFen: 100_000 } },
      ]);
      const twiceEvent = await tap.publish('visit.logged', twice.visitId, twice);
      await tap.waitFor('discrepancy.reported', (e) => e.data.visitId === twice.visitId);
      await settledWithoutDeadLetter(twiceEvent.id);
      expect((await get(`/api/funds/${fund.id}`, 'qhFin')).body).toMatchObject({
        reservedFen: 0,
        deliveredFen: 100_000,
      });
    });
  });

  describe('stock', () => {
    it('receives, delivers from visit goods lines, and never goes below zero on hand', async () => {
      expect(
        (
          await post('/api/stock/receipts', 'qhField', {
            orgCode: 'MQ',
            itemCode: 'cotton-coat',
            name: '棉衣',
            quantity: 1,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await post('/api/stock/receipts', 'xzFin', {
            orgCode: 'MQ',
            itemCode: 'cotton-coat',
            name: '棉衣',
            quantity: 1,
          })
        ).status,
      ).toBe(403);
      const bad = await post('/api/stock/receipts', 'qhAdmin', {
        orgCode: 'MQ',
        itemCode: 'Cotton Coat',
        name: '',
        quantity: 0,
      });
      expect(fieldsOf(bad.body)).toEqual(new Set(['itemCode', 'name', 'quantity']));
      const key = `stock-${randomUUID()}`;
      const body = { orgCode: 'MQ', itemCode: 'cotton-coat', name: '棉衣', quantity: 10 };
      const receipt = await post('/api/stock/receipts', 'qhAdmin', body, {
        'idempotency-key': key,
      });
      expect(receipt.status).toBe(201);
      expect(
        (await post('/api/stock/receipts', 'qhAdmin', body, { 'idempotency-key': key })).body,
      ).toEqual(receipt.body);
      await tap.waitFor('stock.received', (e) => e.data.receiptId === receipt.body.receiptId);

      const [person] = await registerBeneficiaries(1);
      const ok = visit(
        [{ beneficiaryId: person, goods: [{ itemCode: 'cotton-coat', quantity: 4 }] }],
        'MQ',
      );
      await tap.publish('visit.logged', ok.visitId, ok);
      await tap.waitFor(
        'stock.delivered',
        (e) => e.data.visitId === ok.visitId && e.data.quantity === 4,
      );
      const stock = await get('/api/stock?orgCode=MQ', 'qhOps');
      expect(stock.body.items).toEqual([
        expect.objectContaining({
          orgCode: 'MQ',
          itemCode: 'cotton-coat',
          received: 10,
          delivered: 4,
          onHand: 6,
        }),
      ]);
      expect((await get('/api/stock?orgCode=MQ', 'xzFin')).status).toBe(404);

      const beyond = visit(
        [
          {
            beneficiaryId: person,
            goods: [
              { itemCode: 'cotton-coat', quantity: 5 },
              { itemCode: 'cotton-coat', quantity: 2 },
            ],
          },
        ],
        'MQ',
      );
      const beyondEvent = await tap.publish('visit.logged', beyond.visitId, beyond);
      const alert = await tap.waitFor(
        'discrepancy.reported',
        (e) => e.data.visitId === beyond.visitId,
      );
      expect(alert.data).toMatchObject({
        kind: 'stock',
        itemCode: 'cotton-coat',
        expected: 1,
        actual: 2,
        orgCode: 'MQ',
      });
      expect(alert.data.reason).toContain('cotton-coat: 2 handed over, 1 on hand at MQ');
      await settledWithoutDeadLetter(beyondEvent.id);
      expect((await get('/api/stock?orgCode=MQ', 'qhOps')).body.items).toEqual([
        expect.objectContaining({ delivered: 4, onHand: 6 }),
      ]);
    });
  });

  describe('the Maduo arithmetic', () => {
    it('335,000 yuan: 90,000 passed down to three unions and 245,000 handed to people reconcile to 0 available', async () => {
      const special = await createFund(33_500_000, {
        name: '抗震救灾专款',
        purpose: 'condolence',
        source: 'union',
      });
      for (const toOrgCode of ['GL', 'MQ', 'MD']) {
        const res = await post('/api/allocations', 'qhFin', {
          fromFundId: special.id,
          toOrgCode,
          amountFen: 3_000_000,
          purpose: 'working',
          note: '专项工作经费',
        });
        expect(res.status).toBe(201);
      }
      // 24,500,000 fen as seven 3,500,000-fen payments, each above the threshold (two approvers).
      const people = await registerBeneficiaries(7);
      const ids: string[] = [];
      for (const person of people)
        ids.push(await approvedDisbursement(special.id, person, 3_500_000));
      await post('/api/stock/receipts', 'qhFin', {
        orgCode: 'QH',
        itemCode: 'cotton-coat',
        name: '棉衣',
        quantity: 100,
      });
      const data = visit(
        people.map((beneficiaryId, i) => ({
          beneficiaryId,
          cash: { disbursementId: ids[i], amountFen: 3_500_000 },
          goods: [{ itemCode: 'cotton-coat', quantity: i === 0 ? 94 : 1 }],
        })),
      );
      await tap.publish('visit.logged', data.visitId, data);
      await eventually(
        async () => {
          const [row] = await db().query<{ n: number }[]>(
            `SELECT count(*)::int n FROM disbursements WHERE id = ANY($1::uuid[]) AND status = 'delivered'`,
            [ids],
          );
          return row?.n === 7 ? true : undefined;
        },
        { what: 'seven deliveries' },
      );

      const recon = await get(`/api/funds/${special.id}/reconciliation`, 'qhFin');
      expect(recon.status).toBe(200);
      expect(recon.body).toMatchObject({
        amountFen: 33_500_000,
        allocatedDownFen: 9_000_000,
        reservedFen: 0,
        deliveredFen: 24_500_000,
        availableFen: 0,
        balanced: true,
        ledgerConsistent: true,
        ledger: {
          amountFen: 33_500_000,
          allocatedDownFen: 9_000_000,
          reservedFen: 0,
          deliveredFen: 24_500_000,
          availableFen: 0,
        },
      });
      expect((recon.body.allocations as { toOrgCode: string }[]).map((a) => a.toOrgCode)).toEqual([
        'GL',
        'MQ',
        'MD',
      ]);
      expect((await get('/api/stock?orgCode=QH', 'qhFin')).body.items).toEqual([
        expect.objectContaining({
          itemCode: 'cotton-coat',
          received: 100,
          delivered: 100,
          onHand: 0,
        }),
      ]);

      // The auditors' CSV: every movement row, each movement summing to zero.
      const csv = await get(`/api/funds/${special.id}/movements.csv`, 'qhFin');
      expect(csv.status).toBe(200);
      const rows = csv.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(','));
      expect(rows).toHaveLength(2 + 3 * 2 + 7 * 2 + 7 * 2);
      const deltaIndex = 6;
      expect(rows.reduce((sum, r) => sum + Number(r[deltaIndex]), 0)).toBe(0);
      // Oldest first by the ledger's sequence as a number (as text, '10' would sort before '9').
      const seqs = rows.map((r) => Number(r[0]));
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));

      // Scoped incident totals: the special fund's money entered once, the three child funds from it.
      const list = await get(`/api/funds?incidentId=${incidentId}&limit=200`, 'qhFin');
      const totals = list.body.totals as {
        source: string;
        purpose: string;
        externalFen: number;
        deliveredFen: number;
      }[];
      const county = await get(`/api/funds?ownerOrgCode=MD&incidentId=${incidentId}`, 'qhFin');
      const countyTotals = county.body.totals as {
        purpose: string;
        amountFen: number;
        externalFen: number;
      }[];
      // Seen from the county alone, every fund it holds came from above.
      expect(countyTotals.map((t) => t.purpose)).toEqual(['working']);
      expect(countyTotals[0]?.externalFen).toBe(countyTotals[0]?.amountFen);
      const province = (totals.find((t) => t.source === 'union' && t.purpose === 'working') ??
        {}) as { externalFen?: number };
      expect(province.externalFen).toBe(0);
      const mdFunds = (county.body.items as { parentFundId?: string; amountFen: number }[]).filter(
        (f) => f.parentFundId === special.id,
      );
      expect(mdFunds).toEqual([expect.objectContaining({ amountFen: 3_000_000 })]);
    });
  });
});
