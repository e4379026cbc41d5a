import { describeHostileInput } from '@aidflow/testing';
import { AppModule } from './app.module';
import { residentIdCheckChar } from './beneficiaries/resident-id';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';

const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';
const first17 = '63262619850314100';
const idNumber = first17 + residentIdCheckChar(first17);
const incident = {
  title: 'Maduo M7.4 earthquake',
  kind: 'earthquake',
  occurredAt: '2021-05-22T02:04:00+08:00',
  magnitude: 7.4,
  epicenter: { lat: 34.59, lon: 98.34 },
  areaCodes: ['632626'],
  responseLevel: 'I',
  leadOrgCode: 'CN',
};
let incidentId = ID;

describeHostileInput({
  serviceName: SERVICE_NAME,
  configClass: IntakeConfig,
  appModule: (config) => AppModule.forRoot(config),
  writes: [
    {
      route: 'POST /api/orgs',
      url: '/api/orgs',
      sample: { code: 'QH', name: '青海省总工会', level: 'province', parentCode: 'CN' },
    },
    { route: 'POST /api/incidents', url: '/api/incidents', sample: incident },
    {
      route: 'POST /api/incidents/:id/status',
      url: `/api/incidents/${ID}/status`,
      sample: { status: 'responding' },
    },
    {
      route: 'POST /api/incidents/:id/sites',
      url: `/api/incidents/${ID}/sites`,
      sample: {
        name: '黄河乡安置点',
        kind: 'resettlement',
        areaCode: '632626',
        location: { lat: 34.6, lon: 98.2 },
      },
    },
    {
      route: 'POST /api/beneficiaries',
      url: '/api/beneficiaries',
      sample: {
        incidentId: ID,
        siteId: ID,
        fullName: '才让',
        idNumber,
        category: 'affected_family',
        tier: 'deep',
        householdSize: 4,
        phone: '13800000000',
        employer: '玛多县煤矿',
        consent: true,
      },
    },
    {
      route: 'POST /api/households/:beneficiaryId/assessments',
      url: `/api/households/${ID}/assessments`,
      sample: {
        assessedAt: '2021-06-20T10:00:00+08:00',
        monthlyIncomeFen: 120_000,
        householdSize: 4,
        shocks: ['disaster', 'illness'],
        essentialSpendingFen: 80_000,
        tier: 'relative',
        note: '房屋受损',
      },
    },
    {
      route: 'POST /api/households/:beneficiaryId/risks/:riskId/close',
      url: `/api/households/${ID}/risks/${ID}/close`,
      sample: { outcome: '已走访，收入恢复' },
    },
    {
      route: 'POST /api/beneficiaries/import',
      url: `/api/beneficiaries/import?incidentId=${ID}`,
      sample: { rows: [] },
      fileBodyTestedIn: 'beneficiaries/import/import.integration-spec.ts',
    },
    {
      route: 'POST /api/grievances',
      url: '/api/grievances',
      sample: {
        id: ID,
        beneficiaryId: ID,
        incidentId: ID,
        category: 'complaint',
        description: '名单漏登',
      },
    },
    {
      route: 'POST /api/grievances/:id/assign',
      url: `/api/grievances/${ID}/assign`,
      sample: { assigneeId: 'u-ops-1' },
    },
    {
      route: 'POST /api/grievances/:id/close',
      url: `/api/grievances/${ID}/close`,
      sample: { outcome: '已补登' },
    },
    {
      // Rule parameters are checked per rule in the service (the monitoring suite names them).
      route: 'PUT /api/monitoring/rules/:code',
      url: '/api/monitoring/rules/spending_above_income',
      sample: { enabled: true, params: {} },
    },
  ],
  async seed(service, as) {
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
    await post('/api/orgs', { code: 'CN', name: '中华全国总工会', level: 'national' });
    await post('/api/orgs', {
      code: 'QH',
      name: '青海省总工会',
      level: 'province',
      parentCode: 'CN',
    });
    incidentId = (await post('/api/incidents', incident)).id;
    await post(`/api/incidents/${incidentId}/sites`, {
      name: '安置点',
      kind: 'resettlement',
      areaCode: '632626',
    });
    const beneficiary = await post('/api/beneficiaries', {
      incidentId,
      fullName: '才让',
      idNumber,
      category: 'affected_family',
      tier: 'deep',
      householdSize: 4,
      consent: true,
    });
    await post('/api/grievances', { incidentId, category: 'complaint', description: '名单漏登' });
    // 100 yuan a month for 4 people: the low-income rule opens a relapse_risk follow-up.
    await post(`/api/households/${beneficiary.id}/assessments`, {
      assessedAt: new Date().toISOString(),
      householdSize: 4,
      monthlyIncomeFen: 10_000,
    });
  },
  lists: [
    { url: '/api/orgs?parentCode=CN' },
    { url: '/api/incidents' },
    { url: '/api/beneficiaries' },
    { url: '/api/grievances' },
    { url: '/api/monitoring/risks' },
    { url: () => `/api/incidents/${incidentId}/sites` },
  ],
});
