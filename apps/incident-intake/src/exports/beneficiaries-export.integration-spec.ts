import { AuthUser, signDevToken } from '@aidflow/auth';
import { startTestService, TestService } from '@aidflow/testing';
import ExcelJS from 'exceljs';
import { AppModule } from '../app.module';
import { residentIdCheckChar } from '../beneficiaries/resident-id';
import { IntakeConfig, SERVICE_NAME } from '../config/intake.config';

const USERS = {
  cnAdmin: { sub: 'u-cn-admin', roles: ['admin'], orgCode: 'CN' },
  qhAdmin: { sub: 'u-qh-admin', roles: ['admin'], orgCode: 'QH' },
  qhFin: { sub: 'u-qh-fin', roles: ['finance'], orgCode: 'QH' },
  mdOps: { sub: 'u-md-ops', roles: ['ops'], orgCode: 'MD' },
  mqOps: { sub: 'u-mq-ops', roles: ['ops'], orgCode: 'MQ' },
  mdField: { sub: 'u-md-field', roles: ['field'], orgCode: 'MD' },
} satisfies Record<string, AuthUser>;
type Who = keyof typeof USERS;

function residentId(sequence: number): string {
  const first17 = `632626${'19850314'}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

describe('beneficiaries export (real Postgres, streamed from a cursor)', () => {
  let service: TestService<IntakeConfig>;
  const tokens = {} as Record<Who, string>;
  const secrets: string[] = [];
  let mdIncident = '';
  const ids: Record<'md1' | 'md2' | 'mq', string> = { md1: '', md2: '', mq: '' };

  async function call(
    url: string,
    who: Who,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await service.app.inject({
      method: payload === undefined ? 'GET' : 'POST',
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    if (payload !== undefined && res.statusCode !== 201)
      throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res;
  }
  const lines = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');

  beforeAll(async () => {
    for (const [name, user] of Object.entries(USERS))
      tokens[name as Who] = await signDevToken(user);
    service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: IntakeConfig,
      appModule: (config) => AppModule.forRoot(config),
    });
    await call('/api/orgs', 'cnAdmin', { code: 'CN', name: '中华全国总工会', level: 'national' });
    const orgs = [
      ['QH', '青海省总工会', 'province', 'CN'],
      ['GL', '果洛州总工会', 'prefecture', 'QH'],
      ['MD', '玛多县总工会', 'county', 'GL'],
      ['MQ', '玛沁县总工会', 'county', 'GL'],
    ];
    for (const [code, name, level, parentCode] of orgs)
      await call('/api/orgs', code === 'QH' ? 'cnAdmin' : 'qhAdmin', {
        code,
        name,
        level,
        parentCode,
      });
    const incident = async (leadOrgCode: string) =>
      (
        await call('/api/incidents', 'qhAdmin', {
          title: 'Maduo M7.4 earthquake',
          kind: 'earthquake',
          occurredAt: '2021-05-22T02:04:00+08:00',
          areaCodes: ['632626'],
          responseLevel: 'I',
          leadOrgCode,
        })
      ).json<{ id: string }>().id;
    mdIncident = await incident('MD');
    const mqIncident = await incident('MQ');
    const site = (
      await call(`/api/incidents/${mdIncident}/sites`, 'qhAdmin', {
        name: '扎陵湖乡安置点',
        kind: 'resettlement',
        areaCode: '632626',
      })
    ).json<{ id: string }>().id;
    const register = async (
      incidentId: string,
      fullName: string,
      extra: Record<string, unknown>,
    ) => {
      const idNumber = residentId(100 + secrets.length);
      secrets.push(idNumber);
      return (
        await call('/api/beneficiaries', 'qhAdmin', {
          incidentId,
          fullName,
          idNumber,
          category: 'affected_family',
          tier: 'deep',
          householdSize: 4,
          consent: true,
          ...extra,
        })
      ).json<{ id: string }>().id;
    };
    ids.md1 = await register(mdIncident, '才让', { siteId: site, phone: '13912345678' });
    secrets.push('13912345678');
    ids.md2 = await register(mdIncident, '=HYPERLINK("x")', {});
    ids.mq = await register(mqIncident, '卓玛', {});
  });

  afterAll(async () => {
    await service?.close();
  });

  it('streams CSV with a BOM, headers in the caller’s language, ids and phones masked', async () => {
    const res = await call('/api/exports/beneficiaries', 'qhFin', undefined, {
      'accept-language': 'zh-CN',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = lines(res.body);
    expect(rows[0]).toMatch(/^受助人编号,姓名,身份证号,电话/);
    expect(rows).toHaveLength(4);
    expect(res.body).toContain(`${ids.md1.slice(0, 8)}-****,才让,632626********`);
    expect(res.body).toContain('139****5678');
    expect(res.body).toContain('扎陵湖乡安置点');
    // A formula in a name is defused (CSV injection), never run by a spreadsheet.
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    for (const secret of [...secrets, ids.md1, ids.md2, ids.mq])
      expect(res.body).not.toContain(secret);

    const bo = await call('/api/exports/beneficiaries', 'qhFin', undefined, {
      'accept-language': 'bo',
    });
    expect(lines(bo.body)[0]).toContain('ཐོབ་ཐང་ལག་ཁྱེར་ཨང་།');
    const en = await call(
      `/api/exports/beneficiaries?incidentId=${mdIncident}`,
      'qhFin',
      undefined,
      {
        'accept-language': 'en-US,en;q=0.8',
      },
    );
    expect(lines(en.body)[0]).toMatch(/^Beneficiary,Name,Resident id,Phone/);
    expect(lines(en.body)).toHaveLength(3);
  });

  it('shows a county only its own people: another county’s never appear', async () => {
    const md = await call('/api/exports/beneficiaries', 'mdOps');
    expect(lines(md.body)).toHaveLength(3);
    expect(md.body).not.toContain(ids.mq.slice(0, 8));
    const mq = await call('/api/exports/beneficiaries', 'mqOps');
    expect(lines(mq.body)).toHaveLength(2);
    expect(mq.body).toContain(ids.mq.slice(0, 8));
    expect(mq.body).not.toContain(ids.md1.slice(0, 8));
    expect(mq.body).not.toContain(ids.md2.slice(0, 8));
  });

  it('writes XLSX readable back; refuses unknown parameters, a bad format and the field role', async () => {
    const res = await call('/api/exports/beneficiaries?format=xlsx', 'qhFin', undefined, {
      'accept-language': 'en',
    });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.rawPayload).buffer);
    const sheet = workbook.getWorksheet('beneficiaries')!;
    expect(sheet.getRow(1).getCell(3).value).toBe('Resident id');
    expect(sheet.rowCount).toBe(4);
    const bad = await call('/api/exports/beneficiaries?format=pdf&colour=red', 'qhFin');
    expect(bad.statusCode).toBe(400);
    expect(
      new Set(bad.json<{ details: { field: string }[] }>().details.map((d) => d.field)),
    ).toEqual(new Set(['format', 'colour']));
    expect((await call('/api/exports/beneficiaries', 'mdField')).statusCode).toBe(403);
  });
});
