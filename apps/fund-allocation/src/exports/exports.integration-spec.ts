import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { FundsKit, startFundsKit } from '../testing/funds-test-kit';

describe('exports (real Postgres, streamed from a cursor)', () => {
  let kit: FundsKit;
  const ids: { qh: string; mq: string } = { qh: '', mq: '' };

  beforeAll(async () => {
    kit = await startFundsKit();
    const province = await kit.createFund(5_000_000);
    const [b1] = await kit.registerBeneficiaries([randomUUID()], 'QH');
    ids.qh = await kit.approvedDisbursement(province.id, b1, 123_456);
    const county = await kit.allocate(province.id, 'MQ', 1_000_000);
    const [b2] = await kit.registerBeneficiaries([randomUUID()], 'MQ');
    ids.mq = await kit.approvedDisbursement(county.id, b2, 50_000, 'mqFin', ['mqAppr']);
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('streams CSV with a UTF-8 BOM, headers in the caller’s language, ids masked, only the caller’s subtree', async () => {
    const zh = await kit.get(`/api/exports/disbursements?incidentId=${kit.incidentId}`, 'qhFin', {
      'accept-language': 'zh-CN,zh;q=0.9',
    });
    expect(zh.status).toBe(200);
    expect(zh.headers['content-type']).toContain('text/csv');
    expect(zh.raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = zh.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^发放编号,资金代码,受助人/);
    expect(lines).toHaveLength(3);
    expect(zh.text).toContain('1234.56');
    expect(zh.text).toContain(`${ids.qh.slice(0, 8)}-****`);
    expect(zh.text).not.toContain(ids.qh);

    const en = await kit.get('/api/exports/disbursements', 'qhFin', { 'accept-language': 'en-GB' });
    expect(en.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
      /^Disbursement,Fund code,Beneficiary/,
    );
    const bo = await kit.get('/api/exports/disbursements', 'qhFin', { 'accept-language': 'bo' });
    expect(bo.text).toContain('ཕན་ཐོབ་པ།');

    // Another county (MD, beside MQ) never sees MQ's rows; MQ sees only its own.
    const md = await kit.get('/api/exports/disbursements', 'mdFin');
    expect(
      md.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(1);
    const mq = await kit.get('/api/exports/disbursements', 'mqFin');
    expect(mq.text).toContain(ids.mq.slice(0, 8));
    expect(mq.text).not.toContain(ids.qh.slice(0, 8));
  });

  it('writes XLSX with the streaming writer, readable back', async () => {
    const res = await kit.get('/api/exports/disbursements?format=xlsx', 'qhFin', {
      'accept-language': 'en',
    });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.raw).buffer);
    const sheet = workbook.getWorksheet('disbursements')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Disbursement');
    expect(sheet.rowCount).toBe(3);
  });

  it('exports advances; refuses an unknown kind, a bad format, unknown parameters and the field role', async () => {
    const adv = await kit.get('/api/exports/advances', 'qhOps', { 'accept-language': 'zh-CN' });
    expect(adv.status).toBe(200);
    expect(adv.text).toMatch(/备用金编号/);
    expect((await kit.get('/api/exports/nothing', 'qhFin')).status).toBe(400);
    const bad = await kit.get('/api/exports/disbursements?format=pdf&colour=red', 'qhFin');
    expect(bad.status).toBe(400);
    expect(kit.fieldsOf(bad.body)).toEqual(new Set(['format', 'colour']));
    expect((await kit.get('/api/exports/disbursements', 'qhField')).status).toBe(403);
  });
});
