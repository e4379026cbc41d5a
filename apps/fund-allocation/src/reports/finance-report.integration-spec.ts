import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { FundsKit, startFundsKit } from '../testing/funds-test-kit';

/** The PDF's text as poppler reads it (.ci/run installs poppler-utils): what a reader can copy. */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString(
    'utf8',
  );
}

describe('finance report PDF (real Postgres, real broker)', () => {
  let kit: FundsKit;
  let url: string;

  beforeAll(async () => {
    kit = await startFundsKit();
    // QH's fund: 10,000.00 received, 3,000.00 passed down to MQ, 4,000.00 carried out as an advance.
    const fund = await kit.createFund(1_000_000);
    const county = await kit.allocate(fund.id, 'MQ', 300_000);
    const [siteA, siteB] = [randomUUID(), randomUUID()];
    const people = await kit.registerBeneficiaries([siteA, siteB]);
    const disbursements = [
      await kit.approvedDisbursement(fund.id, people[0], 150_000),
      await kit.approvedDisbursement(fund.id, people[1], 250_000),
    ];
    const teamId = await kit.registerTeam([siteA, siteB]);
    const advance = await kit.post('/api/advances', 'qhFin', {
      fundId: fund.id,
      teamId,
      amountFen: 400_000,
    });
    const advanceId = advance.body.id as string;
    let approved = await kit.post(`/api/advances/${advanceId}/approve`, 'qhAppr1');
    if (approved.body.status === 'partially_approved')
      approved = await kit.post(`/api/advances/${advanceId}/approve`, 'qhAppr2');
    expect(approved.body.status).toBe('issued');
    await kit.logVisit(teamId, [
      { beneficiaryId: people[0], disbursementId: disbursements[0], amountFen: 150_000 },
      { beneficiaryId: people[1], disbursementId: disbursements[1], amountFen: 250_000 },
    ]);
    await kit.waitDelivered(disbursements);
    const settled = await kit.post(`/api/advances/${advanceId}/settle`, 'qhFin', {
      returnedFen: 0,
    });
    expect(settled.body.status).toBe('settled');
    const sample = await kit.post('/api/verifications', 'qhFin', {
      fundId: fund.id,
      confidence: 0.95,
      marginOfError: 0.05,
      seed: 'report',
    });
    expect(sample.body.sampleSize).toBe(2);
    const recorded = await kit.post(
      `/api/verifications/${sample.body.id as string}/items/${disbursements[0]}`,
      'qhFin',
      { outcome: 'received' },
    );
    expect(recorded.status).toBe(200);
    // MQ's own request, approved: reserved in the county's fund.
    const [mqPerson] = await kit.registerBeneficiaries([randomUUID()], 'MQ');
    await kit.approvedDisbursement(county.id, mqPerson, 50_000, 'mqFin', ['mqAppr']);
    url = `/api/reports/incidents/${kit.incidentId}/finance.pdf`;
  }, 180_000); // a whole books' worth of steps through the broker: slow on a loaded machine

  afterAll(async () => {
    await kit?.close();
  });

  it('shows each fund’s reconciliation identity, allocations, disbursements, the advance and the sample in Chinese', async () => {
    const res = await kit.get(url, 'qhFin', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.raw);
    expect(text).toContain('财务报告');
    expect(text).toContain('10,000.00 = 4,000.00 已发放 + 3,000.00 已下拨 + 3,000.00 可用');
    expect(text).toContain('3,000.00 = 500.00 已冻结 + 2,500.00 可用');
    expect(text).toMatch(/玛沁县总工会\s+3,000.00/);
    expect(text).toMatch(/已发放\s+2\s+4,000.00/);
    expect(text).toMatch(/已批准\s+1\s+500.00/);
    expect(text).toMatch(/4,000.00\s+4,000.00\s+0.00\s+0.00\s+已结算/);
    expect(text).toMatch(/95\s*%\s+5\s*%\s+2\s+2\s+1\s+0\s+0\s*\/\s*1/);
    expect(text).toContain('生成人：财务甲');
    // Chinese and Tibetan faces are embedded, never taken from the reader's system.
    const fonts = execFileSync('pdffonts', ['-'], { input: res.raw }).toString();
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts.split('\n').filter((l) => /Noto/.test(l) && !/ yes +yes +yes/.test(l))).toEqual(
      [],
    );
  });

  it('speaks Tibetan and English from Accept-Language', async () => {
    const bo = await kit.get(url, 'qhFin', { 'accept-language': 'bo' });
    expect(bo.headers['content-language']).toBe('bo');
    // poppler splits Tibetan vowel signs onto their own line: compare without white space.
    const boText = pdfText(bo.raw).replace(/\s+/g, '');
    expect(boText).toContain('དངུལ་རྩིས་སྙན་ཐོ།');
    expect(boText).toContain('10,000.00=4,000.00སྤྲད་ཟིན།+3,000.00');
    expect(boText).toContain('3,000.00=500.00ཉར་ཚགས་བྱས་ཟིན།+2,500.00བེད་སྤྱོད་རུང་བ།');
    const en = pdfText((await kit.get(url, 'qhOps', { 'accept-language': 'en-GB' })).raw);
    expect(en).toContain(
      '10,000.00 = 4,000.00 delivered + 3,000.00 passed down + 3,000.00 available',
    );
  });

  it('shows a county only its own books; another county or an unknown incident → 404 alike', async () => {
    const mq = await kit.get(url, 'mqFin', { 'accept-language': 'en' });
    expect(mq.status).toBe(200);
    const text = pdfText(mq.raw);
    expect(text).toContain('3,000.00 = 500.00 reserved + 2,500.00 available');
    expect(text).not.toContain('10,000.00');
    expect(text).not.toMatch(/Delivered\s+2/);

    const md = await kit.get(url, 'mdFin');
    const otherId = randomUUID();
    const unknown = await kit.get(`/api/reports/incidents/${otherId}/finance.pdf`, 'qhFin');
    expect(md.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(md.body).toEqual({
      ...unknown.body,
      message: String(unknown.body.message).replace(otherId, kit.incidentId),
    });
    expect((await kit.get(url, 'qhField')).status).toBe(403);
    expect((await kit.get('/api/reports/incidents/nope/finance.pdf', 'qhFin')).status).toBe(400);
  });
});
