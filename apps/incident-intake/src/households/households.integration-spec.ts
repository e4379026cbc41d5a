import { randomUUID } from 'node:crypto';
import { EventTap } from '@aidflow/testing';
import { DataSource } from 'typeorm';
import { IntakeKit } from '../testing/intake-test-kit';

const now = () => new Date().toISOString();

describe('household file: assessments, tier history, events (real Postgres, real broker)', () => {
  let kit: IntakeKit;
  let tap: EventTap;

  beforeAll(async () => {
    kit = await IntakeKit.start();
    tap = await new EventTap(kit.service.topicPrefix).start();
    await kit.seedTreeAndIncident();
  });

  afterAll(async () => {
    await tap?.stop();
    await kit?.service.close();
  });

  it('records an assessment, moves the tier, and publishes both events with nothing identifying', async () => {
    const id = await kit.register('deep');
    const first = await kit.call('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: '2021-06-20T10:00:00+08:00',
      monthlyIncomeFen: 900_000,
      householdSize: 5,
      shocks: ['disaster'],
      essentialSpendingFen: 120_000,
      tier: 'relative',
      note: '房屋倒塌，暂住帐篷 13800000000',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      beneficiaryId: id,
      tier: 'relative',
      monthlyIncomeFen: 900_000,
    });

    const file = await kit.ok('GET', `/api/households/${id}`, 'qhOps');
    expect(file).toMatchObject({
      beneficiaryId: id,
      tier: 'relative',
      householdSize: 5,
      assessmentCount: 1,
      latestAssessment: { id: first.body.id, essentialSpendingFen: 120_000, shocks: ['disaster'] },
      tierHistory: [
        { from: null, to: 'deep' },
        { from: 'deep', to: 'relative', assessmentId: first.body.id },
      ],
    });
    expect((file.openRisks as { ruleCode: string }[]).map((r) => r.ruleCode)).toEqual([
      'new_shock',
    ]);

    const assessed = await tap.waitFor('household.assessed', (e) => e.data.beneficiaryId === id);
    const changed = await tap.waitFor('household.tier_changed', (e) => e.data.beneficiaryId === id);
    expect(changed.data).toMatchObject({ from: 'deep', to: 'relative', orgCode: 'MD' });
    for (const e of [assessed, changed]) {
      const text = JSON.stringify(e);
      expect(text).not.toContain('才让');
      expect(text).not.toContain('13800000000');
      expect(text).not.toContain('帐篷');
      expect(e.data.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    }
    // The note is stored encrypted only.
    const [row] = await kit.service.app
      .get(DataSource)
      .query<{ note_cipher: string }[]>(
        `SELECT note_cipher FROM household_assessments WHERE id = $1`,
        [first.body.id],
      );
    expect(String(row.note_cipher)).not.toContain('帐篷');
  });

  it('an older assessment recorded late is history only: tier and size stay with the latest', async () => {
    const id = await kit.register('relative');
    await kit.ok('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: '2021-07-01T09:00:00+08:00',
      householdSize: 3,
      tier: 'none',
    });
    await kit.ok('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: '2021-06-01T09:00:00+08:00',
      householdSize: 6,
      tier: 'deep',
    });
    const file = await kit.ok('GET', `/api/households/${id}`, 'mdField');
    expect(file).toMatchObject({ tier: 'none', householdSize: 3, assessmentCount: 2 });
    expect((file.tierHistory as unknown[]).length).toBe(2);
  });

  it('refuses unknown fields, dates without offsets and fractional fen, naming each field', async () => {
    const id = await kit.register('none');
    const bad = await kit.call('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: '2021-06-20T10:00:00',
      monthlyIncomeFen: 12.5,
      householdSize: 0,
      shocks: ['flood'],
      tier: 'poor',
      fullName: '才让',
    });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.details?.map((d) => d.field))).toEqual(
      new Set(['assessedAt', 'monthlyIncomeFen', 'householdSize', 'shocks', 'tier', 'fullName']),
    );
    const future = await kit.call('POST', `/api/households/${id}/assessments`, 'mdField', {
      assessedAt: new Date(Date.now() + 86_400_000).toISOString(),
      householdSize: 2,
    });
    expect(future.status).toBe(400);
  });

  it('is scoped to the caller’s subtree like the beneficiary: 404 outside it', async () => {
    const id = await kit.register('none');
    expect((await kit.call('GET', `/api/households/${id}`, 'xzField')).status).toBe(404);
    const write = await kit.call('POST', `/api/households/${id}/assessments`, 'xzField', {
      assessedAt: now(),
      householdSize: 2,
    });
    expect(write.status).toBe(404);
    expect((await kit.call('GET', `/api/households/${randomUUID()}`, 'qhOps')).status).toBe(404);
    // Both routes see the same household when in scope.
    expect((await kit.call('GET', `/api/households/${id}`, 'qhAdmin')).status).toBe(200);
  });
});
