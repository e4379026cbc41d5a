import { randomUUID } from 'node:crypto';
import { FundsKit, startFundsKit } from '../testing/funds-test-kit';

describe('verification by random sample (real Postgres, real broker)', () => {
  let kit: FundsKit;
  let fundId: string;
  let delivered: string[];

  beforeAll(async () => {
    kit = await startFundsKit();
    const fund = await kit.createFund(10_000_000);
    fundId = fund.id;
    const site = randomUUID();
    const beneficiaries = await kit.registerBeneficiaries(Array.from({ length: 30 }, () => site));
    delivered = [];
    for (const b of beneficiaries)
      delivered.push(await kit.approvedDisbursement(fund.id, b, 100_000));
    const teamId = await kit.registerTeam([site]);
    await kit.logVisit(
      teamId,
      beneficiaries.map((b, i) => ({
        beneficiaryId: b,
        disbursementId: delivered[i],
        amountFen: 100_000,
      })),
    );
    await kit.waitDelivered(delivered);
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('sizes the sample with the finite-population correction and draws it reproducibly from the seed', async () => {
    // N = 30 at 95 % / 5 %: 384.15 / (1 + 383.15 / 30) = 27.9 → 28.
    const a = await kit.post('/api/verifications', 'qhFin', {
      fundId,
      confidence: 0.95,
      marginOfError: 0.05,
      seed: 'maduo',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ populationSize: 30, sampleSize: 28, seed: 'maduo' });
    const items = a.body.items as { disbursementId: string; beneficiaryId: string }[];
    expect(items).toHaveLength(28);
    expect(items.every((i) => delivered.includes(i.disbursementId))).toBe(true);
    const b = await kit.post('/api/verifications', 'qhOps', {
      fundId,
      confidence: 0.95,
      marginOfError: 0.05,
      seed: 'maduo',
    });
    expect((b.body.items as { disbursementId: string }[]).map((i) => i.disbursementId)).toEqual(
      items.map((i) => i.disbursementId),
    );
    const random = await kit.post('/api/verifications', 'qhFin', {
      fundId,
      confidence: 0.9,
      marginOfError: 0.2,
    });
    // 90 % / 20 %: n₀ = 1.64485² · 0.25 / 0.04 = 16.91, n = 16.91 / (1 + 15.91 / 30) = 11.05 → 12.
    expect(random.body).toMatchObject({ sampleSize: 12 });
    expect(typeof random.body.seed).toBe('string');
  });

  it('refuses bad input naming each field, and other provinces', async () => {
    const bad = await kit.post('/api/verifications', 'qhFin', {
      fundId,
      confidence: 0.8,
      marginOfError: 0,
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(kit.fieldsOf(bad.body)).toEqual(new Set(['confidence', 'marginOfError', 'extra']));
    expect(
      (
        await kit.post('/api/verifications', 'qhField', {
          fundId,
          confidence: 0.95,
          marginOfError: 0.05,
        })
      ).status,
    ).toBe(403);
    const other = await kit.post('/api/verifications', 'xzFin', {
      fundId,
      confidence: 0.95,
      marginOfError: 0.05,
    });
    expect(other.status).toBe(422);
  });

  it('records outcomes per item, counts them, and publishes verification.discrepancy for a problem', async () => {
    const v = await kit.post('/api/verifications', 'qhFin', {
      fundId,
      confidence: 0.9,
      marginOfError: 0.2,
      seed: 's2',
    });
    const id = v.body.id as string;
    const [first, second, third] = v.body.items as {
      disbursementId: string;
      beneficiaryId: string;
    }[];
    const ok = await kit.post(`/api/verifications/${id}/items/${first.disbursementId}`, 'qhFin', {
      outcome: 'received',
    });
    expect(ok.status).toBe(200);
    const notReceived = await kit.post(
      `/api/verifications/${id}/items/${second.disbursementId}`,
      'qhFin',
      {
        outcome: 'not_received',
        receivedAmountFen: 0,
        note: '户主说未收到',
      },
    );
    expect(notReceived.body.counts).toMatchObject({ received: 1, not_received: 1, pending: 10 });
    const event = await kit.tap.waitFor(
      'verification.discrepancy',
      (e) => e.data.disbursementId === second.disbursementId,
    );
    expect(event.data).toMatchObject({
      verificationId: id,
      beneficiaryId: second.beneficiaryId,
      outcome: 'not_received',
      expectedAmountFen: 100_000,
      orgCode: 'QH',
    });
    expect(JSON.stringify(event.data)).not.toContain('户主');
    expect(
      (
        await kit.post(`/api/verifications/${id}/items/${second.disbursementId}`, 'qhFin', {
          outcome: 'received',
        })
      ).status,
    ).toBe(409);
    const badOutcome = await kit.post(
      `/api/verifications/${id}/items/${third.disbursementId}`,
      'qhFin',
      { outcome: 'maybe', receivedAmountFen: 1.5 },
    );
    expect(badOutcome.status).toBe(400);
    expect(kit.fieldsOf(badOutcome.body)).toEqual(new Set(['outcome', 'receivedAmountFen']));
    expect(
      (
        await kit.post(`/api/verifications/${id}/items/${randomUUID()}`, 'qhFin', {
          outcome: 'received',
        })
      ).status,
    ).toBe(404);
    expect((await kit.get(`/api/verifications/${id}`, 'xzFin')).status).toBe(404);
    const read = await kit.get(`/api/verifications/${id}`, 'qhOps');
    expect(read.body.counts).toMatchObject({ received: 1, not_received: 1 });
  });

  it("lists the verifications of the caller's subtree, newest first, with counts by outcome", async () => {
    const drawn = await kit.post('/api/verifications', 'qhFin', {
      fundId,
      confidence: 0.9,
      marginOfError: 0.2,
      seed: 'list',
    });
    const own = await kit.get(`/api/verifications?fundId=${fundId}`, 'qhFin');
    expect(own.status).toBe(200);
    const items = own.body.items as {
      id: string;
      counts: Record<string, number>;
      sampleSize: number;
    }[];
    expect(items[0]).toMatchObject({ id: drawn.body.id, sampleSize: 12 });
    expect(items[0]?.counts.pending).toBe(12);
    expect((await kit.get(`/api/verifications?fundId=${fundId}`, 'xzFin')).body.items).toEqual([]);
  });
});
