import { signDevToken } from '@aidflow/auth';
import { EventTap, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { AlertPage, AlertsService } from '../alerts/alerts.service';
import { OpsConfig } from '../config/ops.config';
import { opsToken, registerOrgs, ROOT_ORG, startOps, waitLogged } from '../testing/ops-test-kit';

const DAY = 86_400_000;
const COUNTY = 'QH-GL-MD';

describe('ops-monitor: unsettled cash advances and failed verifications raise alerts', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let alerts: AlertsService;
  let token: string;
  let otherCounty: string;
  const incidentId = randomUUID();

  async function activeAlerts(rule: string, bearer = token) {
    const res = await service.app.inject({
      method: 'GET',
      url: `/api/ops/alerts?active=true&rule=${rule}`,
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json<AlertPage>().items;
  }

  beforeAll(async () => {
    service = await startOps();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG], [ROOT_ORG, COUNTY], [ROOT_ORG, 'QH-GL-MQ']]);
    alerts = service.app.get(AlertsService);
    token = await opsToken();
    otherCounty = await signDevToken({ sub: 'mq-ops', roles: ['ops'], orgCode: 'QH-GL-MQ' });
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.close();
  });

  it('raises advance_age for an advance issued more than ALERT_ADVANCE_AGE_D (7) days ago, clears it on settlement', async () => {
    const advanceId = randomUUID();
    const fundId = randomUUID();
    const base = { advanceId, fundId, orgCode: COUNTY, incidentId };
    const issued = await tap.publish('advance.issued', advanceId, {
      ...base,
      teamId: randomUUID(),
      amountFen: 24_500_000,
      approvedBy: ['a1', 'a2'],
    });
    await waitLogged(service, [issued.id]);
    const issuedAt = Date.parse(issued.occurredAt);
    await alerts.evaluate(new Date(issuedAt + 6 * DAY));
    expect((await activeAlerts('advance_age')).filter((a) => a.subjectId === advanceId)).toEqual(
      [],
    );
    await alerts.evaluate(new Date(issuedAt + 8 * DAY));
    const [alert] = (await activeAlerts('advance_age')).filter((a) => a.subjectId === advanceId);
    expect(alert).toMatchObject({ orgCode: COUNTY, incidentId, severity: 'warning' });
    expect(alert?.message).toContain('245000.00');
    // Scoped: another county's operator does not see it.
    expect((await activeAlerts('advance_age', otherCounty)).map((a) => a.subjectId)).not.toContain(
      advanceId,
    );

    const settled = await tap.publish('advance.settled', advanceId, {
      ...base,
      teamId: randomUUID(),
      status: 'settled',
      amountFen: 24_500_000,
      handedOverFen: 24_500_000,
      returnedFen: 0,
      outstandingFen: 0,
      settledBy: 'fin',
    });
    await waitLogged(service, [settled.id]);
    await alerts.evaluate(new Date(issuedAt + 9 * DAY));
    expect((await activeAlerts('advance_age')).filter((a) => a.subjectId === advanceId)).toEqual(
      [],
    );
  });

  it('raises a verification alert at once for not_received, kept until an operator acknowledges it', async () => {
    const event = await tap.publish('verification.discrepancy', randomUUID(), {
      verificationId: randomUUID(),
      disbursementId: randomUUID(),
      beneficiaryId: randomUUID(),
      fundId: randomUUID(),
      outcome: 'not_received',
      expectedAmountFen: 100_000,
      recordedBy: 'fin',
      orgCode: COUNTY,
      incidentId,
    });
    await waitLogged(service, [event.id]);
    const [alert] = (await activeAlerts('verification')).filter((a) => a.subjectId === event.id);
    expect(alert).toMatchObject({ severity: 'critical', orgCode: COUNTY });
    expect(alert?.message).toContain('not received');
    await alerts.evaluate(new Date());
    expect((await activeAlerts('verification')).map((a) => a.subjectId)).toContain(event.id);
    const ack = await service.app.inject({
      method: 'POST',
      url: `/api/ops/alerts/${alert.id}/acknowledge`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ack.statusCode).toBeLessThan(300);
    expect((await activeAlerts('verification')).map((a) => a.subjectId)).not.toContain(event.id);
  });
});
