import { describeHostileInput, eventually, EventTap } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { SERVICE_NAME, VisitsConfig } from './config/visits.config';

const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';
const SHA = 'a'.repeat(64);
const visit = {
  id: ID,
  teamId: ID,
  siteId: ID,
  visitedAt: '2021-05-25T10:00:00+08:00',
  location: { lat: 34.6, lon: 98.2 },
  notes: '帐篷漏雨',
  beneficiaries: [
    {
      beneficiaryId: ID,
      cash: { disbursementId: ID, amountFen: 200_000 },
      goods: [{ itemCode: 'cotton-coat', quantity: 2 }],
      needs: ['housing'],
      receiptSha256: SHA,
    },
  ],
};

// Every POST of welfare-visit's contract with hostile bodies; every list with another org's token.
describeHostileInput({
  serviceName: SERVICE_NAME,
  configClass: VisitsConfig,
  appModule: (config) => AppModule.forRoot(config),
  writes: [
    {
      route: 'POST /api/teams',
      url: '/api/teams',
      sample: { name: '黄河乡一队', orgCode: 'QH', memberIds: ['u-field-1'], siteIds: [ID] },
    },
    { route: 'POST /api/visits', url: '/api/visits', sample: visit },
    {
      route: 'POST /api/visits/conflicts/:id/resolve',
      url: `/api/visits/conflicts/${ID}/resolve`,
      sample: { resolution: 'keep_existing', note: '核对现金登记' },
    },
    {
      route: 'POST /api/follow-ups',
      url: '/api/follow-ups',
      sample: {
        teamId: ID,
        beneficiaryId: ID,
        siteId: ID,
        kind: 'medical',
        dueAt: '2021-06-01T10:00:00+08:00',
      },
    },
    {
      route: 'POST /api/follow-ups/:id/assign',
      url: `/api/follow-ups/${ID}/assign`,
      sample: { assigneeId: 'u-field-1' },
    },
    {
      route: 'POST /api/follow-ups/:id/close',
      url: `/api/follow-ups/${ID}/close`,
      sample: { outcome: '已送医' },
    },
  ],
  exempt: [
    // Answers 200 with a result per visit, a bad one `rejected` with its fields named.
    {
      route: 'POST /api/visits/batch',
      coveredBy: 'visits/batch/visit-batch-isolation.integration-spec.ts',
    },
    // A raw image body, checked for size, type and hash.
    {
      route: 'PUT /api/visits/:id/receipts/:sha256',
      coveredBy: 'receipts/receipts.integration-spec.ts',
    },
  ],
  async seed(service, as) {
    const db = service.app.get(DataSource);
    const tap = new EventTap(service.topicPrefix);
    const seen = async (sql: string, what: string) =>
      eventually(async () => ((await db.query<unknown[]>(sql)).length > 0 ? true : undefined), {
        what,
      });
    const incidentId = randomUUID();
    const siteId = randomUUID();
    const beneficiaryId = randomUUID();
    try {
      const from = { producer: 'incident-intake' };
      await tap.publish(
        'org.registered',
        'CN',
        { code: 'CN', name: '中华全国总工会', level: 'national', path: ['CN'] },
        from,
      );
      await tap.publish(
        'incident.reported',
        incidentId,
        {
          incidentId,
          title: 'Maduo M7.4 earthquake',
          kind: 'earthquake',
          occurredAt: '2021-05-22T02:04:00+08:00',
          areaCodes: ['632626'],
          responseLevel: 'I',
          leadOrgCode: 'CN',
          status: 'open',
        },
        from,
      );
      await tap.publish(
        'site.registered',
        siteId,
        {
          siteId,
          incidentId,
          name: '扎陵湖',
          kind: 'resettlement',
          areaCode: '632626',
          orgCode: 'CN',
          registeredAt: new Date().toISOString(),
        },
        from,
      );
      await tap.publish(
        'beneficiary.registered',
        beneficiaryId,
        {
          beneficiaryId,
          incidentId,
          siteId,
          idNumberMasked: '632626********123X',
          category: 'affected_family',
          tier: 'deep',
          householdSize: 4,
          orgCode: 'CN',
        },
        from,
      );
      await seen(`SELECT 1 FROM org_replica WHERE code = 'CN'`, 'the org');
      await seen(`SELECT 1 FROM site_replica WHERE id = '${siteId}'`, 'the site');
      await seen(
        `SELECT 1 FROM beneficiary_replica WHERE id = '${beneficiaryId}'`,
        'the beneficiary',
      );
    } finally {
      await tap.stop();
    }
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
    const team = await post('/api/teams', {
      name: '慰问组',
      orgCode: 'CN',
      memberIds: ['u-hostile-CN'],
      siteIds: [siteId],
    });
    await post('/api/visits', {
      id: randomUUID(),
      teamId: team.id,
      siteId,
      visitedAt: new Date().toISOString(),
      beneficiaries: [{ beneficiaryId, needs: ['medical'] }],
    });
    await post('/api/follow-ups', { teamId: team.id, beneficiaryId, siteId, kind: 'housing' });
  },
  lists: [
    { url: '/api/teams' },
    { url: '/api/visits' },
    { url: '/api/follow-ups' },
    // A conflict needs the same approved cash handed over twice: the conflict suite scopes it.
    { url: '/api/visits/conflicts', unseeded: 'needs cash handed over twice' },
    { url: '/api/audit' },
  ],
});
