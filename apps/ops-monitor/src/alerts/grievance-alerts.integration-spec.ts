import { EventTap, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { OpsConfig } from '../config/ops.config';
import { opsToken, registerOrgs, ROOT_ORG, startOps, waitLogged } from '../testing/ops-test-kit';
import { AlertPage, AlertsService } from './alerts.service';

const COUNTY = 'QH-GL-MD';

describe('ops-monitor: an overdue grievance raises an alert until it is closed', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let token: string;
  const incidentId = randomUUID();

  async function active(): Promise<AlertPage['items']> {
    const res = await service.app.inject({
      method: 'GET',
      url: '/api/ops/alerts?active=true&rule=grievance_overdue',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json<AlertPage>().items;
  }

  beforeAll(async () => {
    service = await startOps();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG], [ROOT_ORG, COUNTY]]);
    token = await opsToken();
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.close();
  });

  it('raises on grievance.overdue (critical when sensitive, no description), keeps it through evaluations, clears it on grievance.closed', async () => {
    const grievanceId = randomUUID();
    const base = { grievanceId, incidentId, orgCode: COUNTY, category: 'sensitive' as const };
    const overdue = await tap.publish('grievance.overdue', grievanceId, {
      ...base,
      openedAt: '2021-06-01T08:00:00+08:00',
      dueAt: '2021-06-02T08:00:00+08:00',
    });
    await waitLogged(service, [overdue.id]);
    const [alert] = (await active()).filter((a) => a.subjectId === grievanceId);
    expect(alert).toMatchObject({ severity: 'critical', orgCode: COUNTY, incidentId });
    expect(alert?.message).toContain('sensitive grievance');
    // The evaluator does not clear what only an event clears.
    await service.app.get(AlertsService).evaluate(new Date());
    expect((await active()).map((a) => a.subjectId)).toContain(grievanceId);

    const closed = await tap.publish('grievance.closed', grievanceId, {
      ...base,
      closedAt: '2021-06-03T08:00:00+08:00',
    });
    await waitLogged(service, [closed.id]);
    expect((await active()).map((a) => a.subjectId)).not.toContain(grievanceId);
  });
});
