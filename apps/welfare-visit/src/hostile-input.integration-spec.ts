import { describeHostileInput } from '@aidflow/testing';
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
    { route: 'PUT /api/visits/:id/receipts/:sha256', coveredBy: 'receipts/receipts.integration-spec.ts' },
  ],
  lists: [
    { url: '/api/visits' },
    { url: '/api/follow-ups' },
    { url: '/api/visits/conflicts' },
    { url: '/api/audit' },
  ],
});
