import { describeHostileInput, eventually, EventTap } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { FundsConfig, SERVICE_NAME } from './config/funds.config';
import { announceIncident } from './testing/announce-incident';

const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';

// Every POST of fund-allocation's contract with hostile bodies; every list with another org's token.
describeHostileInput({
  serviceName: SERVICE_NAME,
  configClass: FundsConfig,
  appModule: (config) => AppModule.forRoot(config),
  writes: [
    {
      route: 'POST /api/funds',
      url: '/api/funds',
      sample: {
        code: 'QH-2021-MD-01',
        name: '玛多地震救灾资金',
        source: 'central_fiscal',
        purpose: 'relief',
        ownerOrgCode: 'QH',
        incidentId: ID,
        amountFen: 100_000_000,
      },
    },
    {
      route: 'POST /api/allocations',
      url: '/api/allocations',
      sample: {
        fromFundId: ID,
        toOrgCode: 'QH-GL',
        amountFen: 50_000,
        purpose: 'relief',
        note: '下拨',
      },
    },
    {
      route: 'POST /api/disbursements',
      url: '/api/disbursements',
      sample: {
        fundId: ID,
        beneficiaryId: ID,
        amountFen: 200_000,
        purpose: '慰问金',
        note: '第一批',
        allowRepeat: true,
        repeatReason: '房屋倒塌',
      },
    },
    {
      route: 'POST /api/disbursements/:id/approve',
      url: `/api/disbursements/${ID}/approve`,
      sample: { note: '同意' },
    },
    {
      route: 'POST /api/disbursements/:id/reject',
      url: `/api/disbursements/${ID}/reject`,
      sample: { reason: '重复申请' },
    },
    {
      route: 'POST /api/disbursements/:id/cancel',
      url: `/api/disbursements/${ID}/cancel`,
      sample: { reason: '撤回' },
    },
    {
      route: 'POST /api/advances',
      url: '/api/advances',
      sample: { fundId: ID, teamId: ID, amountFen: 1_000_000, note: '现金备用金' },
    },
    { route: 'POST /api/advances/:id/approve', url: `/api/advances/${ID}/approve`, sample: {} },
    {
      route: 'POST /api/advances/:id/reject',
      url: `/api/advances/${ID}/reject`,
      sample: { reason: '金额过大' },
    },
    {
      route: 'POST /api/advances/:id/settle',
      url: `/api/advances/${ID}/settle`,
      sample: {
        returnedFen: 1_000,
        note: '余款上交',
        acceptDiscrepancy: true,
        reason: '短款已说明',
      },
    },
    {
      route: 'POST /api/verifications',
      url: '/api/verifications',
      sample: { fundId: ID, siteId: ID, confidence: 0.95, marginOfError: 0.05, seed: 'maduo' },
    },
    {
      route: 'POST /api/verifications/:id/items/:disbursementId',
      url: `/api/verifications/${ID}/items/${ID}`,
      sample: { outcome: 'received_with_issues', receivedAmountFen: 150_000, note: '少了五百元' },
    },
    {
      route: 'POST /api/stock/receipts',
      url: '/api/stock/receipts',
      sample: { orgCode: 'QH', itemCode: 'cotton-coat', name: '棉大衣', quantity: 500 },
    },
  ],
  async seed(service, as) {
    const db = () => service.app.get(DataSource);
    const tap = new EventTap(service.topicPrefix);
    const replicated = async (sql: string, what: string) =>
      eventually(async () => ((await db().query<unknown[]>(sql)).length > 0 ? true : undefined), {
        what,
      });
    const post = async (url: string, payload: object) => {
      const res = await service.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${await as('CN')}` },
        payload,
      });
      if (res.statusCode !== 201) throw new Error(`seed ${url}: ${res.statusCode} ${res.body}`);
      return res.json<{ id: string }>();
    };
    try {
      await tap.publish('org.registered', 'CN', {
        code: 'CN',
        name: '中华全国总工会',
        level: 'national',
        path: ['CN'],
      });
      await replicated(`SELECT 1 FROM org_replica WHERE code = 'CN'`, 'the org in the replica');
      const incidentId = randomUUID();
      await announceIncident(tap, db, incidentId, 'CN');
      const beneficiaryId = randomUUID();
      await tap.publish('beneficiary.registered', beneficiaryId, {
        beneficiaryId,
        incidentId,
        siteId: randomUUID(),
        idNumberMasked: '632626********1234',
        category: 'affected_family',
        tier: 'deep',
        householdSize: 4,
        orgCode: 'CN',
      });
      await replicated(
        `SELECT 1 FROM beneficiary_replica WHERE id = '${beneficiaryId}'`,
        'the beneficiary',
      );
      const fund = await post('/api/funds', {
        code: 'CN-HOSTILE-1',
        name: '救灾资金',
        source: 'union',
        purpose: 'relief',
        ownerOrgCode: 'CN',
        incidentId,
        amountFen: 10_000_000,
      });
      await post('/api/disbursements', {
        fundId: fund.id,
        beneficiaryId,
        amountFen: 100_000,
        purpose: '慰问金',
      });
      await post('/api/stock/receipts', {
        orgCode: 'CN',
        itemCode: 'cotton-coat',
        name: '棉大衣',
        quantity: 10,
      });
    } finally {
      await tap.stop();
    }
  },
  lists: [
    { url: '/api/funds' },
    { url: '/api/disbursements' },
    // An advance needs cash approved by a second user for the team's sites: the advance suites scope it.
    { url: '/api/advances', unseeded: 'needs a second approver' },
    { url: '/api/stock' },
    // A sample needs delivered disbursements: verifications.integration-spec scopes a drawn one.
    { url: '/api/verifications', unseeded: 'needs delivered disbursements' },
    { url: '/api/audit' },
  ],
});
