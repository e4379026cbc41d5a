import { AuthUser } from '@aidflow/auth';
import { eventually } from '@aidflow/testing';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { startVisitWorld, VisitWorld, VISITED_AT } from '../testing/visit-test-kit';

const QH_FIN: AuthUser = { sub: 'u-qh-fin', roles: ['finance'], orgCode: 'QH' };
const MD_OPS: AuthUser = { sub: 'u-md-ops', roles: ['ops'], orgCode: 'MD' };
const MQ_OPS: AuthUser = { sub: 'u-mq-ops', roles: ['ops'], orgCode: 'MQ' };

describe('visits export (real Postgres, streamed from a cursor)', () => {
  let world: VisitWorld;
  let glVisit = '';
  const mdVisit = randomUUID();

  async function get(url: string, user: AuthUser, headers: Record<string, string> = {}) {
    return world.service.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await world.token(user)}`, ...headers },
    });
  }
  const lines = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');

  beforeAll(async () => {
    world = await startVisitWorld(2);
    await world.publish('org.registered', 'MQ', {
      code: 'MQ',
      name: 'union MQ',
      level: 'county',
      parentCode: 'GL',
      path: ['CN', 'QH', 'GL', 'MQ'],
    });
    glVisit = randomUUID();
    const res = await world.service.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { authorization: `Bearer ${world.fieldToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id: glVisit,
        teamId: world.teamId,
        siteId: world.siteId,
        visitedAt: VISITED_AT,
        beneficiaries: [
          {
            beneficiaryId: world.beneficiaryIds[0],
            cash: { disbursementId: randomUUID(), amountFen: 123_456 },
          },
          { beneficiaryId: world.beneficiaryIds[1], goods: [{ itemCode: 'COAT', quantity: 2 }] },
        ],
      }),
    });
    if (res.statusCode !== 201) throw new Error(`visit: ${res.statusCode} ${res.body}`);
    // A visit recorded for MD, a county beside MQ (written directly: only its org matters here).
    await world.db().query(
      `INSERT INTO visits (id, team_id, site_id, incident_id, org_code, visited_at, status, content_hash, logged_by)
       VALUES ($1, $2, $3, $4, 'MD', now(), 'accepted', repeat('a', 64), 'u-md-field')`,
      [mdVisit, world.teamId, world.siteId, world.incidentId],
    );
    await world
      .db()
      .query(
        `INSERT INTO visit_beneficiaries (visit_id, position, beneficiary_id) VALUES ($1, 0, $2)`,
        [mdVisit, world.beneficiaryIds[0]],
      );
    await eventually(
      async () =>
        (await world.db().query(`SELECT 1 FROM org_replica WHERE code = 'MQ'`)).length === 1 ||
        undefined,
      { what: 'MQ in the org replica' },
    );
  });

  afterAll(() => world?.stop());

  it('streams one CSV row per person visited, cash in yuan, ids masked, headers in the caller’s language', async () => {
    const res = await get(`/api/exports/visits?incidentId=${world.incidentId}`, QH_FIN, {
      'accept-language': 'zh-CN',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = lines(res.body);
    expect(rows[0]).toMatch(/^走访记录,走访时间,安置点,工作组/);
    expect(rows).toHaveLength(4);
    expect(res.body).toContain('1234.56');
    expect(res.body).toContain('COAT × 2');
    expect(res.body).toContain('Zhalinghu');
    expect(res.body).toContain(`${glVisit.slice(0, 8)}-****`);
    for (const id of [glVisit, ...world.beneficiaryIds]) expect(res.body).not.toContain(id);
    const en = await get('/api/exports/visits', QH_FIN, { 'accept-language': 'en' });
    expect(lines(en.body)[0]).toMatch(/^Visit,Visited at,Site,Team/);
    const bo = await get('/api/exports/visits', QH_FIN, { 'accept-language': 'bo' });
    expect(lines(bo.body)[0]).toContain('འཚམས་འདྲིའི་ཟིན་ཐོ།');
  });

  it('shows a county only its own visits: another county’s never appear', async () => {
    const md = await get('/api/exports/visits', MD_OPS);
    expect(lines(md.body)).toHaveLength(2);
    expect(md.body).toContain(mdVisit.slice(0, 8));
    expect(md.body).not.toContain(glVisit.slice(0, 8));
    const mq = await get('/api/exports/visits', MQ_OPS);
    expect(lines(mq.body)).toHaveLength(1);
  });

  it('writes XLSX readable back; refuses unknown parameters and the field role', async () => {
    const res = await get('/api/exports/visits?format=xlsx', QH_FIN, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.rawPayload).buffer);
    const sheet = workbook.getWorksheet('visits')!;
    expect(sheet.getRow(1).getCell(9).value).toBe('Cash (CNY)');
    expect(sheet.rowCount).toBe(4);
    const bad = await get('/api/exports/visits?colour=red', QH_FIN);
    expect(bad.statusCode).toBe(400);
    expect(
      (await get('/api/exports/visits', { sub: 'u-f', roles: ['field'], orgCode: 'QH' }))
        .statusCode,
    ).toBe(403);
  });
});
