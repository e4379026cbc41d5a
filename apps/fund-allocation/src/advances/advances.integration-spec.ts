import { randomUUID } from 'node:crypto';
import { advanceViolations, FundsKit, startFundsKit } from '../testing/funds-test-kit';

describe('cash advances (real Postgres, real broker)', () => {
  let kit: FundsKit;

  /** A fund with `amounts` approved for beneficiaries at the team's sites, and the team. */
  async function scene(amounts: number[], extraAmount = 0) {
    const siteA = randomUUID();
    const siteB = randomUUID();
    const fund = await kit.createFund(amounts.reduce((a, b) => a + b, 0) + extraAmount + 1_000_000);
    const sites = amounts.map((_, i) => (i % 2 === 0 ? siteA : siteB));
    const beneficiaries = await kit.registerBeneficiaries(sites);
    const disbursements: string[] = [];
    for (const [i, amount] of amounts.entries()) {
      disbursements.push(await kit.approvedDisbursement(fund.id, beneficiaries[i], amount));
    }
    const teamId = await kit.registerTeam([siteA, siteB]);
    return {
      fund,
      teamId,
      beneficiaries,
      disbursements,
      total: amounts.reduce((a, b) => a + b, 0),
    };
  }

  async function issued(fundId: string, teamId: string, amountFen: number) {
    const req = await kit.post('/api/advances', 'qhFin', { fundId, teamId, amountFen });
    expect(req.status).toBe(201);
    const id = req.body.id as string;
    let res = await kit.post(`/api/advances/${id}/approve`, 'qhAppr1');
    if (res.body.status === 'partially_approved')
      res = await kit.post(`/api/advances/${id}/approve`, 'qhAppr2');
    expect(res.body.status).toBe('issued');
    return id;
  }

  beforeAll(async () => {
    kit = await startFundsKit();
  });

  afterEach(async () => {
    expect(await advanceViolations(kit.db())).toEqual([]);
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('refuses unknown fields and amounts that are not integer fen > 0, naming each, writing nothing', async () => {
    const { fund, teamId } = await scene([100_000]);
    const bad = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 1.5,
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(kit.fieldsOf(bad.body)).toEqual(new Set(['amountFen', 'colour']));
    for (const amountFen of [0, -1, '100', Number.MAX_SAFE_INTEGER + 2]) {
      const res = await kit.post('/api/advances', 'qhFin', { fundId: fund.id, teamId, amountFen });
      expect(res.status).toBe(400);
      expect(kit.fieldsOf(res.body)).toEqual(new Set(['amountFen']));
    }
    const [row] = await kit
      .db()
      .query<{ n: number }[]>(`SELECT count(*)::int n FROM advances WHERE fund_id = $1`, [fund.id]);
    expect(row?.n).toBe(0);
  });

  it('advances only approved, undelivered money for the team’s sites, not yet advanced (422 naming amountFen)', async () => {
    const { fund, teamId } = await scene([300_000, 200_000]);
    // Approved money elsewhere (another site) is not the team's to carry.
    const [other] = await kit.registerBeneficiaries([randomUUID()]);
    await kit.approvedDisbursement(fund.id, other, 400_000);
    const tooMuch = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 500_001,
    });
    expect(tooMuch.status).toBe(422);
    expect(kit.fieldsOf(tooMuch.body)).toEqual(new Set(['amountFen']));
    expect(tooMuch.body.details?.[0]?.problem).toContain('500000 fen');
    const first = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 300_000,
    });
    expect(first.status).toBe(201);
    const second = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 200_001,
    });
    expect(second.status).toBe(422);
    const unknownTeam = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId: randomUUID(),
      amountFen: 100,
    });
    expect(unknownTeam.status).toBe(422);
    expect(kit.fieldsOf(unknownTeam.body)).toEqual(new Set(['teamId']));
  });

  it('is maker-checker: the requester never approves (403), dual above the threshold, decided → 409', async () => {
    const { fund, teamId } = await scene([400_000, 400_000]);
    const req = await kit.post('/api/advances', 'qhFinAppr', {
      fundId: fund.id,
      teamId,
      amountFen: 800_000,
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({
      status: 'requested',
      requiredApprovals: 2,
      outstandingFen: 800_000,
    });
    const id = req.body.id as string;
    expect((await kit.post(`/api/advances/${id}/approve`, 'qhFinAppr')).status).toBe(403);
    const one = await kit.post(`/api/advances/${id}/approve`, 'qhAppr1');
    expect(one.body.status).toBe('partially_approved');
    expect((await kit.post(`/api/advances/${id}/approve`, 'qhAppr1')).status).toBe(403);
    const two = await kit.post(`/api/advances/${id}/approve`, 'qhAppr2');
    expect(two.body).toMatchObject({ status: 'issued', approvedBy: ['u-qh-appr1', 'u-qh-appr2'] });
    expect((await kit.post(`/api/advances/${id}/approve`, 'qhFin')).status).toBe(403); // role
    expect((await kit.post(`/api/advances/${id}/approve`, 'qhFinAppr')).status).toBe(409);
    expect(
      (await kit.post(`/api/advances/${id}/reject`, 'qhAppr1', { reason: 'late' })).status,
    ).toBe(409);
    await kit.tap.waitFor('advance.issued', (e) => e.data.advanceId === id);
    // The fund's identity is untouched: an advance moves no money.
    const rec = await kit.get(`/api/funds/${fund.id}/reconciliation`, 'qhFin');
    expect(rec.body).toMatchObject({ reservedFen: 800_000 });
    // Another province never sees it.
    expect((await kit.get(`/api/advances/${id}`, 'xzFin')).status).toBe(404);
    const list = await kit.get(`/api/advances?fundId=${fund.id}`, 'xzFin');
    expect(list.body.items).toEqual([]);
  });

  it('is drawn down by the team’s handovers and settles when handed over + returned = drawn', async () => {
    const { fund, teamId, beneficiaries, disbursements } = await scene([100_000, 150_000, 50_000]);
    const id = await issued(fund.id, teamId, 300_000);
    await kit.logVisit(teamId, [
      { beneficiaryId: beneficiaries[0], disbursementId: disbursements[0], amountFen: 100_000 },
      { beneficiaryId: beneficiaries[1], disbursementId: disbursements[1], amountFen: 150_000 },
    ]);
    await kit.waitDelivered(disbursements.slice(0, 2));
    const drawn = await kit.get(`/api/advances/${id}`, 'qhFin');
    expect(drawn.body).toMatchObject({
      amountFen: 300_000,
      handedOverFen: 250_000,
      returnedFen: 0,
      outstandingFen: 50_000,
    });
    expect(drawn.body.draws).toHaveLength(2);
    await kit.tap.waitFor(
      'advance.drawn',
      (e) => e.data.advanceId === id && e.data.outstandingFen === 50_000,
    );

    // Unbalanced: refused with the difference.
    const short = await kit.post(`/api/advances/${id}/settle`, 'qhFin', { returnedFen: 20_000 });
    expect(short.status).toBe(422);
    expect(short.body.details).toEqual([
      { field: 'returnedFen', problem: expect.stringContaining('30000 fen short') },
    ]);
    const over = await kit.post(`/api/advances/${id}/settle`, 'qhFin', { returnedFen: 50_001 });
    expect(over.status).toBe(422);
    const bad = await kit.post(`/api/advances/${id}/settle`, 'qhFin', {
      returnedFen: -1,
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(kit.fieldsOf(bad.body)).toEqual(new Set(['returnedFen', 'extra']));

    const ok = await kit.post(`/api/advances/${id}/settle`, 'qhFin', { returnedFen: 50_000 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'settled',
      handedOverFen: 250_000,
      returnedFen: 50_000,
      outstandingFen: 0,
    });
    expect((await kit.post(`/api/advances/${id}/settle`, 'qhFin', { returnedFen: 0 })).status).toBe(
      409,
    );
    const event = await kit.tap.waitFor('advance.settled', (e) => e.data.advanceId === id);
    expect(event.data).toMatchObject({ status: 'settled', returnedFen: 50_000, outstandingFen: 0 });
  });

  it('accepts a shortfall only from an approver who did not request it, with a reason: discrepancy event', async () => {
    const { fund, teamId, beneficiaries, disbursements } = await scene([100_000, 100_000]);
    const id = await issued(fund.id, teamId, 200_000);
    await kit.logVisit(teamId, [
      { beneficiaryId: beneficiaries[0], disbursementId: disbursements[0], amountFen: 100_000 },
    ]);
    await kit.waitDelivered([disbursements[0]]);
    const byFinance = await kit.post(`/api/advances/${id}/settle`, 'qhFin', {
      returnedFen: 60_000,
      acceptDiscrepancy: true,
      reason: 'receipt lost in the snow',
    });
    expect(byFinance.status).toBe(403);
    const noReason = await kit.post(`/api/advances/${id}/settle`, 'qhAppr1', {
      returnedFen: 60_000,
      acceptDiscrepancy: true,
    });
    expect(noReason.status).toBe(400);
    expect(kit.fieldsOf(noReason.body)).toEqual(new Set(['reason']));
    const accepted = await kit.post(`/api/advances/${id}/settle`, 'qhAppr1', {
      returnedFen: 60_000,
      acceptDiscrepancy: true,
      reason: 'receipt lost in the snow',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'discrepancy',
      handedOverFen: 100_000,
      returnedFen: 60_000,
      outstandingFen: 40_000,
      settlementReason: 'receipt lost in the snow',
    });
    const reported = await kit.tap.waitFor('discrepancy.reported', (e) => e.data.advanceId === id);
    expect(reported.data).toMatchObject({
      kind: 'cash',
      expected: 100_000,
      actual: 60_000,
      orgCode: 'QH',
    });
  });

  it('keeps amount = handedOver + returned + outstanding under 20 concurrent handovers and a settle', async () => {
    const amounts = Array.from({ length: 20 }, (_, i) => 10_000 + i * 100);
    const { fund, teamId, beneficiaries, disbursements, total } = await scene(amounts);
    const id = await issued(fund.id, teamId, total);
    const visits = Promise.all(
      amounts.map((amountFen, i) =>
        kit.logVisit(teamId, [
          { beneficiaryId: beneficiaries[i], disbursementId: disbursements[i], amountFen },
        ]),
      ),
    );
    // Settle attempts race the visits: each is refused (something still outstanding) or settles.
    const outcomes: number[] = [];
    let settled = false;
    const settling = (async () => {
      for (let attempt = 0; attempt < 400 && !settled; attempt++) {
        const res = await kit.post(`/api/advances/${id}/settle`, 'qhField', { returnedFen: 0 });
        outcomes.push(res.status);
        if (res.status === 200) settled = true;
        else expect(res.status).toBe(422);
        expect(await advanceViolations(kit.db())).toEqual([]);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await visits;
    await settling;
    await kit.waitDelivered(disbursements);
    const final = await kit.get(`/api/advances/${id}`, 'qhFin');
    expect(final.body).toMatchObject({
      status: 'settled',
      amountFen: total,
      handedOverFen: total,
      returnedFen: 0,
      outstandingFen: 0,
    });
    expect(final.body.draws).toHaveLength(20);
    expect(outcomes[outcomes.length - 1]).toBe(200);
  });
});
