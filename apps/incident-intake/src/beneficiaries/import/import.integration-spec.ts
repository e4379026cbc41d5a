import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { residentIdCheckChar } from '../resident-id';
import { IntakeKit } from '../../testing/intake-test-kit';
import { IMPORT_FIELDS, IMPORT_HEADERS } from './import-columns';
import { CSV_TYPE, XLSX_TYPE } from './parse-import-file';

/** The n-th of 10,000+ distinct valid ids (birth dates from 1960 on, three-digit sequences). */
function idFor(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `632626${birth}${String(100 + (n % 900))}`;
  return first17 + residentIdCheckChar(first17);
}

const header = IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f]['zh-CN']).join(',');
function row(n: number, site: string, overrides: Partial<Record<string, string>> = {}): string {
  const cells: Record<string, string> = {
    fullName: `户主${n}`,
    idNumber: idFor(n),
    category: 'affected_family',
    tier: n % 3 === 0 ? 'deep' : 'relative',
    householdSize: String(1 + (n % 7)),
    siteId: site,
    phone: '',
    employer: n % 5 === 0 ? '玛多县"城管局"' : '',
    consent: '是',
    ...overrides,
  };
  return IMPORT_FIELDS.map((f) => {
    const v = cells[f] ?? '';
    return /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

describe('bulk registration: POST /api/beneficiaries/import (real Postgres)', () => {
  let kit: IntakeKit;
  const db = () => kit.service.app.get(DataSource);
  const count = async (sql: string) => (await db().query<{ n: number }[]>(sql))[0].n;
  const counts = async () => ({
    beneficiaries: await count(`SELECT count(*)::int AS n FROM beneficiaries`),
    events: await count(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'beneficiary.registered'`,
    ),
  });

  async function send(body: Buffer | string, key: string | undefined, type = CSV_TYPE) {
    const res = await kit.service.app.inject({
      method: 'POST',
      url: `/api/beneficiaries/import?incidentId=${kit.incidentId}`,
      headers: {
        authorization: `Bearer ${kit.tokens.mdField}`,
        'content-type': type,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      payload: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    });
    return {
      status: res.statusCode,
      body: res.json<{
        imported?: number;
        beneficiaries?: { line: number; id: string }[];
        details?: { field: string; problem: string }[];
      }>(),
      text: res.body,
    };
  }

  beforeAll(async () => {
    kit = await IntakeKit.start();
    await kit.seedTreeAndIncident();
  });

  afterAll(async () => {
    await kit?.service.close();
  });

  it('serves the template in zh-CN, bo and en', async () => {
    for (const [lang, label] of [
      ['zh-CN', '身份证号'],
      ['bo', 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་།'],
      ['en', 'Resident ID number'],
    ] as const) {
      const res = await kit.service.app.inject({
        method: 'GET',
        url: '/api/beneficiaries/import/template',
        headers: { authorization: `Bearer ${kit.tokens.mdField}`, 'accept-language': lang },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-language']).toBe(lang);
      expect(res.body.split('\r\n')[0]).toContain(label);
    }
    const xlsx = await kit.service.app.inject({
      method: 'GET',
      url: '/api/beneficiaries/import/template?format=xlsx',
      headers: { authorization: `Bearer ${kit.tokens.mdField}`, 'accept-language': 'bo' },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('མིང་།');
  });

  it('10,000 rows with 3 bad: per-row errors and nothing written; fixed: imported; re-sent with the key: nothing changes', async () => {
    const already = idFor(20_000);
    await kit.ok('POST', '/api/beneficiaries', 'mdField', {
      incidentId: kit.incidentId,
      fullName: '已登记',
      idNumber: already,
      category: 'affected_family',
      tier: 'deep',
      householdSize: 3,
      consent: true,
    });
    const good = Array.from({ length: 10_000 }, (_, n) => row(n, n % 2 === 0 ? kit.siteId : ''));
    const bad = [...good];
    const wrongCheck = idFor(17).slice(0, 17) + (idFor(17)[17] === '0' ? '1' : '0');
    bad[17] = row(17, '', { idNumber: wrongCheck }); // file row 19
    bad[4_000] = row(4_000, '', { idNumber: idFor(12) }); // row 4002: the same person as row 14
    bad[9_999] = row(9_999, '', { idNumber: already }); // row 10001: already registered
    const before = await counts();

    const refused = await send([header, ...bad].join('\r\n'), 'import-maduo-1');
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      { field: 'rows[19].idNumber', problem: 'check digit does not match' },
      { field: 'rows[4002].idNumber', problem: 'the same person as row 14' },
      { field: 'rows[10001].idNumber', problem: expect.stringMatching(/^already registered as /) },
    ]);
    expect(refused.text).not.toContain(wrongCheck);
    expect(refused.text).not.toContain(already);
    expect(await counts()).toEqual(before);

    const file = [header, ...good].join('\r\n');
    const imported = await send(file, 'import-maduo-1');
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(10_000);
    expect(imported.text).not.toContain(idFor(5));
    const after = await counts();
    expect(after).toEqual({
      beneficiaries: before.beneficiaries + 10_000,
      events: before.events + 10_000,
    });
    const [sample] = await db().query<{ employer: string; site_id: string | null; tier: string }[]>(
      `SELECT employer, site_id, tier FROM beneficiaries WHERE id = $1`,
      [imported.body.beneficiaries![0].id],
    );
    expect(sample).toEqual({ employer: '玛多县"城管局"', site_id: kit.siteId, tier: 'deep' });

    const again = await send(file, 'import-maduo-1');
    expect(again.status).toBe(201);
    expect(again.body.beneficiaries![0]).toEqual(imported.body.beneficiaries![0]);
    expect(await counts()).toEqual(after);
    // The same key with another file is refused, and a new key finds everyone registered.
    expect((await send([header, good[0]].join('\r\n'), 'import-maduo-1')).status).toBe(422);
    const twice = await send(file, 'import-maduo-2');
    expect(twice.status).toBe(400);
    expect(twice.body.details!.length).toBe(10_000);
    expect(await counts()).toEqual(after);
  });

  it('reads XLSX in any language of the template; required fields, consent and sites per row; no key → 400', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f].bo));
    const cells = (n: number, o: Record<string, string | number> = {}) =>
      IMPORT_FIELDS.map(
        (f) =>
          (
            ({
              fullName: `ཚེ་རིང་${n}`,
              idNumber: idFor(30_000 + n),
              category: 'frontline_worker',
              tier: 'none',
              householdSize: 2,
              consent: 'yes',
              ...o,
            }) as Record<string, string | number>
          )[f] ?? '',
      );
    sheet.addRow(cells(1));
    sheet.addRow(cells(2, { fullName: '' }));
    sheet.addRow(cells(3, { consent: 'no', householdSize: 0 }));
    sheet.addRow(cells(4, { siteId: '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11' }));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await counts();
    expect((await send(xlsx, undefined, XLSX_TYPE)).status).toBe(400);
    const refused = await send(xlsx, 'import-xlsx-1', XLSX_TYPE);
    expect(refused.status).toBe(400);
    expect(new Set(refused.body.details!.map((d) => d.field))).toEqual(
      new Set(['rows[3].fullName', 'rows[4].consent', 'rows[4].householdSize', 'rows[5].siteId']),
    );
    expect(await counts()).toEqual(before);

    const fixedBook = new ExcelJS.Workbook();
    const fixed = fixedBook.addWorksheet('x');
    fixed.addRow(IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f].en));
    fixed.addRow(cells(1));
    fixed.addRow(cells(2));
    const ok = await send(
      Buffer.from(await fixedBook.xlsx.writeBuffer()),
      'import-xlsx-2',
      XLSX_TYPE,
    );
    expect(ok.status).toBe(201);
    expect(ok.body.imported).toBe(2);
  });

  it('refuses a file whose header is not the template’s', async () => {
    const res = await send('name,id\r\n才让,1\r\n', 'import-header-1');
    expect(res.status).toBe(400);
    expect(res.body.details!.map((d) => d.field)).toEqual(
      expect.arrayContaining(['header.name', 'header.id', 'header.idNumber']),
    );
  });
});
