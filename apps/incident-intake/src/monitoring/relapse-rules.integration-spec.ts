import { RelapseRuleCode } from '@aidflow/contracts';
import { eventually, EventTap } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeKit } from '../testing/intake-test-kit';
import { RelapseSweepJob } from './relapse-sweep.job';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('relapse monitoring rules (real Postgres, real broker)', () => {
  let kit: IntakeKit;
  let tap: EventTap;
  const db = () => kit.service.app.get(DataSource);
  const sweep = (now: Date, force = false) =>
    kit.service.app.get(RelapseSweepJob).sweep(now, force);

  async function openRules(beneficiaryId: string): Promise<RelapseRuleCode[]> {
    const file = await kit.ok('GET', `/api/households/${beneficiaryId}`, 'qhOps');
    return (file.openRisks as { ruleCode: RelapseRuleCode }[]).map((r) => r.ruleCode).sort();
  }
  const assess = (id: string, body: Record<string, unknown>) =>
    kit.ok('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: iso(Date.now() - 60_000),
      householdSize: 4,
      ...body,
    });

  beforeAll(async () => {
    kit = await IntakeKit.start();
    tap = await new EventTap(kit.service.topicPrefix).start();
    await kit.seedTreeAndIncident();
  });

  afterAll(async () => {
    await tap?.stop();
    await kit?.service.close();
  });

  it('lists the five rules with their defaults', async () => {
    const rules = await kit.call('GET', '/api/monitoring/rules', 'qhOps');
    expect(rules.status).toBe(200);
    expect(rules.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'low_income_per_person',
          enabled: true,
          params: { povertyLineFen: 33_300, thresholdPercent: 150 },
        }),
        expect.objectContaining({ code: 'spending_above_income', enabled: true, params: {} }),
        expect.objectContaining({ code: 'new_shock', enabled: true }),
        expect.objectContaining({ code: 'deep_not_visited', params: { days: 30 } }),
        expect.objectContaining({ code: 'left_support_watch', params: { months: 12 } }),
      ]),
    );
    expect((rules.body as unknown as unknown[]).length).toBe(5);
  });

  describe('income per person below 1.5× the poverty line', () => {
    it('fires below the threshold and publishes household.at_risk', async () => {
      const id = await kit.register('relative');
      // 4 people on 1,900 yuan: 475 yuan each < 499.50 (1.5 × 333).
      await assess(id, { monthlyIncomeFen: 190_000 });
      expect(await openRules(id)).toEqual(['low_income_per_person']);
      const event = await tap.waitFor('household.at_risk', (e) => e.data.beneficiaryId === id);
      expect(event.data).toMatchObject({ ruleCode: 'low_income_per_person', orgCode: 'MD' });
      expect(event.data.reason).toContain('47500 fen');
    });

    it('does not fire at or above it', async () => {
      const id = await kit.register('relative');
      // 4 × 49,950 fen exactly: not below.
      await assess(id, { monthlyIncomeFen: 199_800 });
      expect(await openRules(id)).toEqual([]);
    });
  });

  describe('essential spending above the previous assessed income', () => {
    it('fires when this month’s essential spending exceeds the income last assessed', async () => {
      const id = await kit.register('relative');
      await assess(id, { assessedAt: iso(Date.now() - 40 * DAY), monthlyIncomeFen: 500_000 });
      await assess(id, { monthlyIncomeFen: 400_000, essentialSpendingFen: 500_001 });
      expect(await openRules(id)).toEqual(['spending_above_income']);
    });

    it('does not fire when it stays within it, nor without an earlier income', async () => {
      const within = await kit.register('relative');
      await assess(within, { assessedAt: iso(Date.now() - 40 * DAY), monthlyIncomeFen: 500_000 });
      await assess(within, { monthlyIncomeFen: 500_000, essentialSpendingFen: 500_000 });
      expect(await openRules(within)).toEqual([]);
      const first = await kit.register('relative');
      await assess(first, { monthlyIncomeFen: 500_000, essentialSpendingFen: 900_000 });
      expect(await openRules(first)).toEqual([]);
    });
  });

  describe('a new shock', () => {
    it('fires on a shock the previous assessment did not report', async () => {
      const id = await kit.register('none');
      await assess(id, { assessedAt: iso(Date.now() - 40 * DAY), shocks: ['disaster'] });
      await db().query(
        `UPDATE relapse_follow_ups SET status = 'closed', closed_at = now() WHERE beneficiary_id = $1`,
        [id],
      );
      await assess(id, { shocks: ['disaster', 'illness'] });
      const [risk] = (await kit.ok('GET', `/api/households/${id}`, 'qhOps')).openRisks as {
        ruleCode: string;
        reason: string;
      }[];
      expect(risk).toMatchObject({ ruleCode: 'new_shock', reason: 'new shock reported: illness' });
    });

    it('does not fire on a shock already reported', async () => {
      const id = await kit.register('none');
      await assess(id, { assessedAt: iso(Date.now() - 40 * DAY), shocks: ['disaster'] });
      await db().query(
        `UPDATE relapse_follow_ups SET status = 'closed', closed_at = now() WHERE beneficiary_id = $1`,
        [id],
      );
      await assess(id, { shocks: ['disaster'] });
      expect(await openRules(id)).toEqual([]);
    });
  });

  describe('a deep-tier household not visited for 30 days', () => {
    it('fires on the schedule, and a visit.logged from welfare-visit keeps it quiet', async () => {
      const unvisited = await kit.register('deep');
      const visited = await kit.register('deep');
      const relative = await kit.register('relative');
      const visitedAt = iso(Date.now() + 20 * DAY);
      await tap.publish('visit.logged', randomUUID(), {
        visitId: randomUUID(),
        teamId: randomUUID(),
        siteId: kit.siteId,
        incidentId: kit.incidentId,
        orgCode: 'MD',
        visitedAt,
        status: 'accepted',
        beneficiaries: [{ beneficiaryId: visited }],
      });
      await eventually(async () => {
        const rows = await db().query<unknown[]>(
          `SELECT 1 FROM household_last_visits WHERE beneficiary_id = $1`,
          [visited],
        );
        return rows.length === 1 ? true : undefined;
      });
      // Not yet 30 days: nothing.
      await sweep(new Date(Date.now() + 29 * DAY));
      expect(await openRules(unvisited)).toEqual([]);
      await sweep(new Date(Date.now() + 31 * DAY));
      expect(await openRules(unvisited)).toEqual(['deep_not_visited']);
      expect(await openRules(visited)).toEqual([]);
      expect(await openRules(relative)).toEqual([]);
    });
  });

  describe('a household that left support is watched for 12 months', () => {
    it('fires once when it leaves support, and not again after the watch is closed', async () => {
      const id = await kit.register('deep');
      await assess(id, { tier: 'none' });
      const [risk] = (await kit.ok('GET', `/api/households/${id}`, 'qhOps')).openRisks as {
        id: string;
        ruleCode: string;
      }[];
      expect(risk?.ruleCode).toBe('left_support_watch');
      const closed = await kit.call(
        'POST',
        `/api/households/${id}/risks/${risk.id}/close`,
        'mdField',
        {
          outcome: '已回访，生活稳定',
        },
      );
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', outcome: '已回访，生活稳定' });
      const again = await kit.call(
        'POST',
        `/api/households/${id}/risks/${risk.id}/close`,
        'mdField',
        {
          outcome: 'x',
        },
      );
      expect(again.status).toBe(409);
      await sweep(new Date(Date.now() + DAY));
      expect(await openRules(id)).toEqual([]);
    });

    it('does not fire for a household never in support, nor after the watch has run out', async () => {
      const never = await kit.register('none');
      await assess(never, { tier: 'none' });
      expect(await openRules(never)).toEqual([]);
      const long = await kit.register('deep');
      await assess(long, { assessedAt: iso(Date.now() - 400 * DAY), tier: 'none' });
      expect(await openRules(long)).toEqual([]);
    });
  });

  it('a closed follow-up lets the rule open a new one; an open one is never doubled', async () => {
    const id = await kit.register('relative');
    await assess(id, { monthlyIncomeFen: 100_000 });
    await assess(id, { monthlyIncomeFen: 90_000 });
    const open = (await kit.ok('GET', `/api/households/${id}`, 'qhOps')).openRisks as {
      id: string;
    }[];
    expect(open.length).toBe(1);
    await kit.ok('POST', `/api/households/${id}/risks/${open[0].id}/close`, 'qhOps', {
      outcome: '已帮扶',
    });
    await assess(id, { monthlyIncomeFen: 90_000 });
    const reopened = (await kit.ok('GET', `/api/households/${id}`, 'qhOps')).openRisks as {
      id: string;
    }[];
    expect(reopened.length).toBe(1);
    expect(reopened[0].id).not.toBe(open[0].id);
  });

  it('two replicas sweeping at once open one follow-up per household and rule', async () => {
    const ids = [
      await kit.register('deep'),
      await kit.register('deep'),
      await kit.register('deep'),
    ];
    const other = await IntakeKit.start({
      DB_SCHEMA: kit.service.schema,
      KAFKA_TOPIC_PREFIX: kit.service.topicPrefix,
    });
    try {
      const later = new Date(Date.now() + 60 * DAY);
      const [a, b] = await Promise.all([
        sweep(later, true),
        other.service.app.get(RelapseSweepJob).sweep(later, true),
      ]);
      const rows = await db().query<{ beneficiary_id: string; n: number }[]>(
        `SELECT beneficiary_id, count(*)::int AS n FROM relapse_follow_ups
          WHERE rule_code = 'deep_not_visited' AND status = 'open' AND beneficiary_id = ANY($1)
          GROUP BY beneficiary_id`,
        [ids],
      );
      expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
      const openedHere = [...(a ?? []), ...(b ?? [])];
      const [{ n }] = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'household.at_risk' AND aggregate_id = ANY($1)`,
        [ids],
      );
      expect(n).toBe(3);
      expect(openedHere.length).toBeGreaterThanOrEqual(3);
    } finally {
      await other.service.app.close();
    }
  });

  describe('PUT /api/monitoring/rules/:code', () => {
    it('only a root-org admin changes a rule; params are checked per rule', async () => {
      const body = { enabled: true, params: { povertyLineFen: 40_000, thresholdPercent: 150 } };
      expect(
        (await kit.call('PUT', '/api/monitoring/rules/low_income_per_person', 'qhOps', body))
          .status,
      ).toBe(403);
      expect(
        (await kit.call('PUT', '/api/monitoring/rules/low_income_per_person', 'qhAdmin', body))
          .status,
      ).toBe(403);
      expect(
        (await kit.call('PUT', '/api/monitoring/rules/no_such_rule', 'cnAdmin', body)).status,
      ).toBe(404);
      const bad = await kit.call('PUT', '/api/monitoring/rules/low_income_per_person', 'cnAdmin', {
        enabled: true,
        params: { povertyLineFen: 1.5, threshold: 150 },
      });
      expect(bad.status).toBe(400);
      expect(new Set(bad.body.details?.map((d) => d.field))).toEqual(
        new Set(['params.povertyLineFen', 'params.thresholdPercent', 'params.threshold']),
      );
      const ok = await kit.call(
        'PUT',
        '/api/monitoring/rules/low_income_per_person',
        'cnAdmin',
        body,
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ...body, updatedBy: 'u-cn-admin' });
    });

    it('a disabled rule does not fire', async () => {
      await kit.ok('PUT', '/api/monitoring/rules/low_income_per_person', 'cnAdmin', {
        enabled: false,
        params: { povertyLineFen: 33_300, thresholdPercent: 150 },
      });
      const id = await kit.register('relative');
      await assess(id, { monthlyIncomeFen: 10_000 });
      expect(await openRules(id)).toEqual([]);
      await kit.ok('PUT', '/api/monitoring/rules/low_income_per_person', 'cnAdmin', {
        enabled: true,
        params: { povertyLineFen: 33_300, thresholdPercent: 150 },
      });
    });
  });
});
