import { randomUUID } from 'node:crypto';
import { DisbursementExpiryJob } from './disbursement-expiry.job';
import { takeLease } from '@aidflow/database';
import { FundsKit, startFundsKit } from '../testing/funds-test-kit';

describe('releasing approved, undelivered disbursements (real Postgres, real broker)', () => {
  let kit: FundsKit;

  const balances = async (fundId: string) =>
    (await kit.get(`/api/funds/${fundId}/reconciliation`, 'qhFin')).body as Record<string, number>;

  beforeAll(async () => {
    // Expiry on (2 days); its timer never fires in the test (hourly), the test calls sweep().
    kit = await startFundsKit({ DISBURSEMENT_EXPIRY_D: '2' });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('cancel releases the reservation to available, with a reason, audited and announced', async () => {
    const fund = await kit.createFund(1_000_000);
    const [b] = await kit.registerBeneficiaries([randomUUID()]);
    const id = await kit.approvedDisbursement(fund.id, b, 300_000);
    expect(await balances(fund.id)).toMatchObject({ reservedFen: 300_000, availableFen: 700_000 });

    const noReason = await kit.post(`/api/disbursements/${id}/cancel`, 'qhFin', {});
    expect(noReason.status).toBe(400);
    expect(kit.fieldsOf(noReason.body)).toEqual(new Set(['reason']));
    expect(
      (await kit.post(`/api/disbursements/${id}/cancel`, 'qhField', { reason: 'x' })).status,
    ).toBe(403);
    expect(
      (await kit.post(`/api/disbursements/${id}/cancel`, 'xzFin', { reason: 'x' })).status,
    ).toBe(404);

    const res = await kit.post(`/api/disbursements/${id}/cancel`, 'qhFin', {
      reason: '户主已迁出',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', decisionReason: '户主已迁出' });
    expect(await balances(fund.id)).toMatchObject({ reservedFen: 0, availableFen: 1_000_000 });
    const [audit] = await kit
      .db()
      .query<{ action: string; summary: { reason: string } }[]>(
        `SELECT action, summary FROM audit_log WHERE target_id = $1 ORDER BY seq DESC LIMIT 1`,
        [id],
      );
    expect(audit).toMatchObject({
      action: 'disbursement.release',
      summary: { reason: '户主已迁出' },
    });
    const [movement] = await kit
      .db()
      .query<{ n: number }[]>(
        `SELECT count(*)::int n FROM ledger_entries WHERE disbursement_id = $1 AND kind = 'release'`,
        [id],
      );
    expect(movement?.n).toBe(2);
    const event = await kit.tap.waitFor(
      'disbursement.cancelled',
      (e) => e.data.disbursementId === id,
    );
    expect(event.data).toMatchObject({
      amountFen: 300_000,
      reason: '户主已迁出',
      cancelledBy: 'u-qh-fin',
    });
    expect(
      (await kit.post(`/api/disbursements/${id}/cancel`, 'qhFin', { reason: 'again' })).status,
    ).toBe(409);
  });

  it('refuses to release a delivered disbursement (409), or one whose cash a team carries (409)', async () => {
    const fund = await kit.createFund(1_000_000);
    const site = randomUUID();
    const [b1, b2] = await kit.registerBeneficiaries([site, site]);
    const delivered = await kit.approvedDisbursement(fund.id, b1, 100_000);
    const carried = await kit.approvedDisbursement(fund.id, b2, 100_000);
    const teamId = await kit.registerTeam([site]);
    await kit.logVisit(teamId, [
      { beneficiaryId: b1, disbursementId: delivered, amountFen: 100_000 },
    ]);
    await kit.waitDelivered([delivered]);
    expect(
      (await kit.post(`/api/disbursements/${delivered}/cancel`, 'qhFin', { reason: 'x' })).status,
    ).toBe(409);

    const adv = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 100_000,
    });
    expect(adv.status).toBe(201);
    expect(
      (await kit.post(`/api/advances/${adv.body.id as string}/approve`, 'qhAppr1')).body.status,
    ).toBe('issued');
    const inCustody = await kit.post(`/api/disbursements/${carried}/cancel`, 'qhFin', {
      reason: 'x',
    });
    expect(inCustody.status).toBe(409);
    expect(await balances(fund.id)).toMatchObject({ reservedFen: 100_000 });
  });

  it('expires approved disbursements after DISBURSEMENT_EXPIRY_D through the same path, one lease holder at a time', async () => {
    const fund = await kit.createFund(1_000_000);
    const [b1, b2] = await kit.registerBeneficiaries([randomUUID(), randomUUID()]);
    const id = await kit.approvedDisbursement(fund.id, b1, 200_000);
    const job = kit.service.app.get(DisbursementExpiryJob);
    expect(await job.sweep(new Date())).toEqual([]);
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(await job.sweep(later)).toContain(id);
    expect(await balances(fund.id)).toMatchObject({ reservedFen: 0, availableFen: 1_000_000 });
    const [audit] = await kit
      .db()
      .query<{ action: string; actor_sub: string }[]>(
        `SELECT action, actor_sub FROM audit_log WHERE target_id = $1 ORDER BY seq DESC LIMIT 1`,
        [id],
      );
    expect(audit).toMatchObject({ action: 'disbursement.expire' });

    // Another replica cannot run while the lease is held; it takes over once the lease lapsed.
    const other = randomUUID();
    expect(await takeLease(kit.db(), 'disbursement-expiry', other, 60_000)).toBe(false);
    const second = await kit.approvedDisbursement(fund.id, b2, 100_000);
    await kit.db().query(`UPDATE job_leases SET expires_at = now() - interval '1 second'`);
    expect(await takeLease(kit.db(), 'disbursement-expiry', other, 60_000)).toBe(true);
    expect(await job.sweep(later)).toBeNull();
    expect(await balances(fund.id)).toMatchObject({ reservedFen: 100_000 });
    expect(second).toBeDefined();
  });
});
