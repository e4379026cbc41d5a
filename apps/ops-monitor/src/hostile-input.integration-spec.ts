import { describeHostileInput, eventually, EventTap } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertsService } from './alerts/alerts.service';
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
  async seed(service, as) {
    const db = service.app.get(DataSource);
    const tap = new EventTap(service.topicPrefix);
    const incidentId = randomUUID();
    const seen = async (sql: string, what: string) =>
      eventually(async () => ((await db.query<unknown[]>(sql)).length > 0 ? true : undefined), {
        what,
      });
    try {
      await tap.publish('org.registered', 'CN', {
        code: 'CN',
        name: '中华全国总工会',
        level: 'national',
        path: ['CN'],
      });
      await seen(`SELECT 1 FROM org_replica WHERE code = 'CN'`, 'the org in the replica');
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
        { producer: 'incident-intake' },
      );
      await seen(
        `SELECT 1 FROM incident_view WHERE incident_id = '${incidentId}'`,
        'the incident projected',
      );
    } finally {
      await tap.stop();
    }
    // An alert of the org, acknowledged through the API (which writes its audit row).
    const alerts = service.app.get(AlertsService);
    const alert = await db.transaction((manager) =>
      alerts.raise(manager, {
        rule: 'discrepancy',
        severity: 'critical',
        subjectType: 'discrepancy',
        subjectId: randomUUID(),
        message: 'cash discrepancy at CN',
        incidentId,
        orgCode: 'CN',
      }),
    );
    const res = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert!.id}/acknowledge`,
      headers: { authorization: `Bearer ${await as('CN')}` },
      payload: {},
    });
    if (res.statusCode !== 200) throw new Error(`seed acknowledge: ${res.statusCode} ${res.body}`);
  },
  lists: [{ url: '/api/ops/alerts' }, { url: '/api/ops/incidents' }, { url: '/api/audit' }],
});
