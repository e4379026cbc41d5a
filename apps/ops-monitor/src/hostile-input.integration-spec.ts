import { describeHostileInput } from '@aidflow/testing';
import { AppModule } from './app.module';
import { OpsConfig, SERVICE_NAME } from './config/ops.config';

const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';

// ops-monitor's writes take no fields; its lists are scoped by org (dead letters and lag are the
// spine's, not an org's, and are for ops and admins only: covered by the DLQ suite).
describeHostileInput({
  serviceName: SERVICE_NAME,
  configClass: OpsConfig,
  appModule: (config) => AppModule.forRoot(config),
  env: { ALERT_EVAL_INTERVAL_MS: '0' },
  writes: [
    {
      route: 'POST /api/ops/alerts/:id/acknowledge',
      url: `/api/ops/alerts/${ID}/acknowledge`,
      sample: {},
    },
    { route: 'POST /api/ops/dlq/:id/replay', url: `/api/ops/dlq/${ID}/replay`, sample: {} },
  ],
  lists: [{ url: '/api/ops/alerts' }, { url: '/api/ops/incidents' }, { url: '/api/audit' }],
});
