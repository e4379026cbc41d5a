import { AuthUser, signDevToken } from '@aidflow/auth';
import { EventEnvelope, TOPICS } from '@aidflow/contracts';
import { quoteIdent } from '@aidflow/database';
import { eventually, EventTap, startTestService, TestService } from '@aidflow/testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { residentIdCheckChar } from './beneficiaries/resident-id';
import { IntakeConfig, SERVICE_NAME } from './config/intake.config';

/** A valid resident id: Maduo county's region code, a birth date and a sequence, check digit computed. */
function residentId(birth: string, sequence: number, region = '632626'): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** Every id number and phone this suite sends: none may appear in plain anywhere. */
const secrets = new Set<string>();
let nextSequence = 100;
/** A fresh valid id, remembered as a secret. */
function freshId(): string {
  const id = residentId('19850314', nextSequence++);
  secrets.add(id);
  return id;
}

/** Everything the process writes to stdout/stderr (pino writes with fs.write on fd 1) or the console. */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const keep = (data: unknown) => {
    chunks.push(
      typeof data === 'string'
        ? data
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : String(data),
    );
  };
  const isStd = (fd: unknown) => fd === 1 || fd === 2;
  const realWrite = fs.write;
  const realWriteSync = fs.writeSync;
  const spies = [
    jest.spyOn(fs, 'write').mockImplementation((...args: unknown[]) => {
      if (isStd(args[0])) keep(args[1]);
      Reflect.apply(realWrite, fs, args);
    }),
    jest.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]): number => {
      if (isStd(args[0])) keep(args[1]);
      return Reflect.apply(realWriteSync, fs, args) as number;
    }),
    jest.spyOn(process.stdout, 'write').mockImplementation((data: unknown) => (keep(data), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((data: unknown) => (keep(data), true)),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) => keep(args.map(String).join(' '))),
    ),
  ];
  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe('incident-intake over HTTP (real Postgres, real broker)', () => {
  let service: TestService<IntakeConfig>;
  let tap: EventTap;
  let output: ReturnType<typeof captureOutput>;
  const tokens: Record<string, string> = {};

  const users: Record<string, AuthUser> = {
    cnAdmin: { sub: 'u-cn-admin', roles: ['admin'], orgCode: 'CN' },
    qhAdmin: { sub: 'u-qh-admin', roles: ['admin'], orgCode: 'QH' },
    qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
    qhFinance: { sub: 'u-qh-fin', roles: ['finance'], orgCode: 'QH' },
    glField: { sub: 'u-gl-field', roles: ['field'], orgCode: 'GL' },
    mdField: { sub: 'u-md-field', roles: ['field'], orgCode: 'MD' },
    xzOps: { sub: 'u-xz-ops', roles: ['ops', 'admin', 'field'], orgCode: 'XZ' },
    zzAdmin: { sub: 'u-zz-admin', roles: ['admin'], orgCode: 'ZZ' },
  };
  type Who = keyof typeof users;

  async function call(
    method: 'GET' | 'POST',
    url: string,
    who: Who | null,
    payload?: unknown,
  ): Promise<{
    status: number;
    body: Record<string, unknown> & { details?: { field: string; problem: string }[] };
  }> {
    const res = await service.app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  }
  const db = () => service.app.get(DataSource);
  const fieldsOf = (body: { details?: { field: string }[] }) =>
    new Set((body.details ?? []).map((d) => d.field));

  const incidentBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Maduo M7.4 earthquake',
    kind: 'earthquake',
    occurredAt: '2021-05-22T02:04:00+08:00',
    magnitude: 7.4,
    epicenter: { lat: 34.59, lon: 98.34 },
    areaCodes: ['632626', '632621'],
    responseLevel: 'I',
    leadOrgCode: 'GL',
    ...overrides,
  });
  const beneficiaryBody = (incidentId: string, overrides: Record<string, unknown> = {}) => ({
    incidentId,
    fullName: '才让',
    idNumber: freshId(),
    category: 'affected_family',
    tier: 'deep',
    householdSize: 4,
    consent: true,
    ...overrides,
  });

  let incidentId: string;
  let otherIncidentId: string;
  let siteId: string;
  let firstBeneficiaryId: string;

  beforeAll(async () => {
    output = captureOutput();
    for (const [name, user] of Object.entries(users)) tokens[name] = await signDevToken(user);
    service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: IntakeConfig,
      appModule: (config) => AppModule.forRoot(config),
      // Request lines are logged at info: the privacy test needs real log traffic to inspect.
      env: { LOG_LEVEL: 'info' },
    });
    tap = await new EventTap(service.topicPrefix).start();
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.close();
    output?.restore();
  });

  describe('organisations', () => {
    it('registers a root only for an admin of that very org, and only national or provincial', async () => {
      const wrongAdmin = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'CN',
        name: '中华全国总工会',
        level: 'national',
      });
      expect(wrongAdmin.status).toBe(403);

      const countyRoot = await call('POST', '/api/orgs', 'zzAdmin', {
        code: 'ZZ',
        name: 'A county',
        level: 'county',
      });
      expect(countyRoot.status).toBe(422);
      expect(fieldsOf(countyRoot.body)).toEqual(new Set(['level']));

      const root = await call('POST', '/api/orgs', 'cnAdmin', {
        code: 'CN',
        name: '中华全国总工会',
        level: 'national',
      });
      expect(root.status).toBe(201);
      expect(root.body).toMatchObject({ code: 'CN', level: 'national', path: ['CN'] });
      expect(root.body).not.toHaveProperty('parentCode');
    });

    it('builds the Qinghai tree; each admin registers inside their own subtree, at once in scope', async () => {
      const created = [
        await call('POST', '/api/orgs', 'cnAdmin', {
          code: 'QH',
          name: '青海省总工会',
          level: 'province',
          parentCode: 'CN',
        }),
        await call('POST', '/api/orgs', 'cnAdmin', {
          code: 'XZ',
          name: '西藏自治区总工会',
          level: 'province',
          parentCode: 'CN',
        }),
        // The QH admin's scope sees QH at once: the replica row commits with the org.
        await call('POST', '/api/orgs', 'qhAdmin', {
          code: 'GL',
          name: '果洛州总工会',
          level: 'prefecture',
          parentCode: 'QH',
        }),
        await call('POST', '/api/orgs', 'qhAdmin', {
          code: 'MD',
          name: '玛多县总工会',
          level: 'county',
          parentCode: 'GL',
        }),
        await call('POST', '/api/orgs', 'qhAdmin', {
          code: 'MQ',
          name: '玛沁县总工会',
          level: 'county',
          parentCode: 'GL',
        }),
        await call('POST', '/api/orgs', 'qhAdmin', {
          code: 'MD-ZLH',
          name: '扎陵湖乡工会',
          level: 'township',
          parentCode: 'MD',
        }),
      ];
      expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      expect(created[5]?.body).toMatchObject({
        parentCode: 'MD',
        path: ['CN', 'QH', 'GL', 'MD', 'MD-ZLH'],
      });
      const audited = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'org.register'`,
      );
      expect(audited[0]?.n).toBe(7);
    });

    it('refuses duplicates (409), unknown parents and levels not below the parent (422)', async () => {
      const duplicate = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'MD',
        name: 'again',
        level: 'county',
        parentCode: 'GL',
      });
      expect(duplicate.status).toBe(409);
      const orphan = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'NEW1',
        name: 'x',
        level: 'county',
        parentCode: 'NOPE',
      });
      expect(orphan.status).toBe(422);
      expect(fieldsOf(orphan.body)).toEqual(new Set(['parentCode']));
      const sameLevel = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'NEW2',
        name: 'x',
        level: 'prefecture',
        parentCode: 'GL',
      });
      const above = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'NEW3',
        name: 'x',
        level: 'province',
        parentCode: 'MD',
      });
      const enterpriseUnderTownship = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'NEW4',
        name: 'x',
        level: 'enterprise',
        parentCode: 'MD-ZLH',
      });
      expect([sameLevel.status, above.status, enterpriseUnderTownship.status]).toEqual([
        422, 422, 422,
      ]);
      expect(fieldsOf(above.body)).toEqual(new Set(['level']));
      const rows = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM orgs WHERE code LIKE 'NEW%'`,
      );
      expect(rows[0]?.n).toBe(0);
    });

    it('401 without a token, 403 for other roles or outside the subtree, 400 naming every bad field', async () => {
      expect(
        (
          await call('POST', '/api/orgs', null, {
            code: 'A1',
            name: 'x',
            level: 'county',
            parentCode: 'GL',
          })
        ).status,
      ).toBe(401);
      expect((await call('GET', '/api/orgs/QH', null)).status).toBe(401);
      expect(
        (
          await call('POST', '/api/orgs', 'qhOps', {
            code: 'A1',
            name: 'x',
            level: 'county',
            parentCode: 'GL',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('POST', '/api/orgs', 'qhAdmin', {
            code: 'A1',
            name: 'x',
            level: 'prefecture',
            parentCode: 'XZ',
          })
        ).status,
      ).toBe(403);
      const bad = await call('POST', '/api/orgs', 'qhAdmin', {
        code: 'bad code!',
        name: '',
        level: 'galaxy',
        parentCode: 'GL',
        extra: 1,
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(new Set(['code', 'name', 'level', 'extra']));
    });

    it("reads and lists only inside the caller's subtree, paginated by code", async () => {
      const own = await call('GET', '/api/orgs/MD', 'mdField');
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ code: 'MD', level: 'county', parentCode: 'GL' });
      expect((await call('GET', '/api/orgs/GL', 'mdField')).status).toBe(404);
      expect((await call('GET', '/api/orgs/NOPE', 'qhAdmin')).status).toBe(404);

      const children = await call('GET', '/api/orgs?parentCode=GL', 'qhOps');
      expect((children.body.items as { code: string }[]).map((o) => o.code)).toEqual(['MD', 'MQ']);
      const fromMaduo = await call('GET', '/api/orgs?parentCode=GL', 'mdField');
      expect((fromMaduo.body.items as { code: string }[]).map((o) => o.code)).toEqual(['MD']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(
          'GET',
          `/api/orgs?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          'qhOps',
        );
        expect(page.status).toBe(200);
        seen.push(...(page.body.items as { code: string }[]).map((o) => o.code));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(['GL', 'MD', 'MD-ZLH', 'MQ', 'QH']);
      expect((await call('GET', '/api/orgs?cursor=bm90IGEgY29kZSE', 'qhOps')).status).toBe(400);
    });
  });

  describe('incidents', () => {
    it('ops reports an incident in scope: 201 open, with its event', async () => {
      const res = await call('POST', '/api/incidents', 'qhOps', incidentBody());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'open',
        kind: 'earthquake',
        magnitude: 7.4,
        epicenter: { lat: 34.59, lon: 98.34 },
        areaCodes: ['632626', '632621'],
        leadOrgCode: 'GL',
        occurredAt: '2021-05-21T18:04:00.000Z',
      });
      incidentId = res.body.id as string;
      const other = await call(
        'POST',
        '/api/incidents',
        'qhOps',
        incidentBody({
          title: 'Maqin flood',
          kind: 'flood',
          magnitude: undefined,
          epicenter: undefined,
          areaCodes: ['632621'],
          responseLevel: 'III',
        }),
      );
      expect(other.status).toBe(201);
      otherIncidentId = other.body.id as string;
      const event = await tap.waitFor('incident.reported', (e) => e.aggregateId === incidentId);
      expect(event.data).toMatchObject({
        incidentId,
        leadOrgCode: 'GL',
        status: 'open',
        magnitude: 7.4,
      });
    });

    it('refuses other roles (403), scopes outside the lead org (403), unknown lead orgs (422)', async () => {
      expect((await call('POST', '/api/incidents', null, incidentBody())).status).toBe(401);
      expect((await call('POST', '/api/incidents', 'glField', incidentBody())).status).toBe(403);
      expect((await call('POST', '/api/incidents', 'xzOps', incidentBody())).status).toBe(403);
      const unknownLead = await call(
        'POST',
        '/api/incidents',
        'qhOps',
        incidentBody({ leadOrgCode: 'NOPE' }),
      );
      expect(unknownLead.status).toBe(422);
      expect(fieldsOf(unknownLead.body)).toEqual(new Set(['leadOrgCode']));
    });

    it('400 naming every bad field', async () => {
      const bad = await call('POST', '/api/incidents', 'qhOps', {
        title: ' ',
        kind: 'meteor',
        occurredAt: '2999-01-01T00:00:00Z',
        magnitude: 11,
        epicenter: { lat: 91, lon: 98 },
        areaCodes: ['12345', '999999'],
        responseLevel: 'V',
        leadOrgCode: 'GL',
        casualties: 3,
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(
        new Set([
          'title',
          'kind',
          'occurredAt',
          'magnitude',
          'epicenter.lat',
          'areaCodes',
          'responseLevel',
          'casualties',
        ]),
      );
      const floodMagnitude = await call(
        'POST',
        '/api/incidents',
        'qhOps',
        incidentBody({ kind: 'flood' }),
      );
      expect(floodMagnitude.status).toBe(400);
      expect(floodMagnitude.body.details).toEqual([
        { field: 'magnitude', problem: 'applies to earthquakes only' },
      ]);
      const noOffset = await call(
        'POST',
        '/api/incidents',
        'qhOps',
        incidentBody({ occurredAt: '2021-05-22T02:04:00' }),
      );
      expect(fieldsOf(noOffset.body)).toEqual(new Set(['occurredAt']));
    });

    it('reads 404 outside the subtree; lists only the subtree, filtered by status', async () => {
      expect((await call('GET', `/api/incidents/${incidentId}`, 'glField')).status).toBe(200);
      expect((await call('GET', `/api/incidents/${incidentId}`, 'xzOps')).status).toBe(404);
      // A county user does not see what its prefecture leads.
      expect((await call('GET', `/api/incidents/${incidentId}`, 'mdField')).status).toBe(404);
      expect(
        (await call('GET', '/api/incidents/00000000-0000-4000-8000-000000000000', 'qhOps')).status,
      ).toBe(404);
      expect((await call('GET', '/api/incidents/not-a-uuid', 'qhOps')).status).toBe(400);
      const mine = await call('GET', '/api/incidents?status=open', 'qhOps');
      expect((mine.body.items as { id: string }[]).map((i) => i.id)).toEqual([
        incidentId,
        otherIncidentId,
      ]);
      expect((await call('GET', '/api/incidents', 'xzOps')).body.items).toEqual([]);
      expect((await call('GET', '/api/incidents?status=responding', 'qhOps')).body.items).toEqual(
        [],
      );
      expect((await call('GET', '/api/incidents?status=done', 'qhOps')).status).toBe(400);
    });
  });

  describe('sites', () => {
    it('a field team registers a site (201, event); the name is unique per incident, case aside', async () => {
      const res = await call('POST', `/api/incidents/${incidentId}/sites`, 'glField', {
        name: '扎陵湖乡安置点 Zhalinghu',
        kind: 'resettlement',
        areaCode: '632626',
        location: { lat: 34.9, lon: 97.3 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        incidentId,
        orgCode: 'GL',
        kind: 'resettlement',
        location: { lat: 34.9, lon: 97.3 },
      });
      siteId = res.body.id as string;
      const again = await call('POST', `/api/incidents/${incidentId}/sites`, 'qhOps', {
        name: ' 扎陵湖乡安置点 ZHALINGHU ',
        kind: 'township',
        areaCode: '632626',
      });
      expect(again.status).toBe(409);
      expect(fieldsOf(again.body)).toEqual(new Set(['name']));
      const elsewhere = await call('POST', `/api/incidents/${otherIncidentId}/sites`, 'qhOps', {
        name: '扎陵湖乡安置点 Zhalinghu',
        kind: 'resettlement',
        areaCode: '632626',
      });
      expect(elsewhere.status).toBe(201);
      const event = await tap.waitFor('site.registered', (e) => e.aggregateId === siteId);
      expect(event.data).toMatchObject({ siteId, incidentId, orgCode: 'GL', areaCode: '632626' });
    });

    it('401/403/404/400 around sites', async () => {
      const site = { name: 'Huanghe', kind: 'township', areaCode: '632626' };
      expect((await call('POST', `/api/incidents/${incidentId}/sites`, null, site)).status).toBe(
        401,
      );
      expect(
        (await call('POST', `/api/incidents/${incidentId}/sites`, 'qhFinance', site)).status,
      ).toBe(403);
      expect((await call('POST', `/api/incidents/${incidentId}/sites`, 'xzOps', site)).status).toBe(
        403,
      );
      expect(
        (
          await call(
            'POST',
            '/api/incidents/00000000-0000-4000-8000-000000000000/sites',
            'qhOps',
            site,
          )
        ).status,
      ).toBe(404);
      const bad = await call('POST', `/api/incidents/${incidentId}/sites`, 'qhOps', {
        name: '',
        kind: 'tent',
        areaCode: '000000',
        location: { lat: 10, lon: 181 },
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(new Set(['name', 'kind', 'areaCode', 'location.lon']));
      expect((await call('GET', `/api/incidents/${incidentId}/sites`, 'xzOps')).status).toBe(404);
      expect((await call('GET', `/api/sites/${siteId}`, 'xzOps')).status).toBe(404);
      expect((await call('GET', `/api/sites/${siteId}`, 'glField')).body).toMatchObject({
        id: siteId,
      });
      const list = await call('GET', `/api/incidents/${incidentId}/sites`, 'glField');
      expect((list.body.items as { id: string }[]).map((s) => s.id)).toEqual([siteId]);
    });
  });

  describe('beneficiaries', () => {
    it('registers a person: lower-case x normalised, id and phone only masked in the response', async () => {
      // A sequence whose check character is X, to send it in lower case.
      const sequence = Array.from({ length: 900 }, (_, i) => i + 100).find(
        (seq) => residentIdCheckChar(`63262619900101${seq}`) === 'X',
      );
      const id = residentId('19900101', sequence ?? 0);
      expect(id.endsWith('X')).toBe(true);
      secrets.add(id);
      secrets.add('13912345678');
      const res = await call(
        'POST',
        '/api/beneficiaries',
        'glField',
        beneficiaryBody(incidentId, {
          siteId,
          idNumber: id.toLowerCase(),
          phone: '13912345678',
          employer: '玛多县交通运输局',
          category: 'frontline_worker',
          tier: 'none',
        }),
      );
      expect(res.status).toBe(201);
      firstBeneficiaryId = res.body.id as string;
      expect(res.body).toMatchObject({
        incidentId,
        siteId,
        orgCode: 'GL',
        idNumberMasked: `${id.slice(0, 6)}********${id.slice(14)}`,
        phoneMasked: '139****5678',
        category: 'frontline_worker',
        consent: true,
      });
      expect(JSON.stringify(res.body)).not.toContain(id.slice(6, 14));
      const event = await tap.waitFor(
        'beneficiary.registered',
        (e) => e.aggregateId === res.body.id,
      );
      expect(event.data).toEqual({
        beneficiaryId: res.body.id,
        incidentId,
        siteId,
        idNumberMasked: res.body.idNumberMasked,
        category: 'frontline_worker',
        tier: 'none',
        householdSize: 4,
        orgCode: 'GL',
      });
      const [stored] = await db().query<{ key: string; masked: string }[]>(
        `SELECT id_number_key_id AS key, id_number_masked AS masked FROM beneficiaries WHERE id = $1`,
        [res.body.id],
      );
      expect(stored).toEqual({ key: 'dev-1', masked: res.body.idNumberMasked });
    });

    it('400 names every bad field at once, the id number among them', async () => {
      const badCheck = freshId();
      const wrong = badCheck.slice(0, 17) + (badCheck.endsWith('0') ? '1' : '0');
      secrets.add(wrong);
      const bad = await call('POST', '/api/beneficiaries', 'glField', {
        incidentId: 'nope',
        fullName: '',
        idNumber: wrong,
        category: 'tourist',
        tier: 'deepest',
        householdSize: 0,
        phone: '12345678901',
        consent: false,
        notes: 'x',
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(
        new Set([
          'incidentId',
          'fullName',
          'idNumber',
          'category',
          'tier',
          'householdSize',
          'phone',
          'consent',
          'notes',
        ]),
      );
      expect(bad.body.details).toContainEqual({
        field: 'idNumber',
        problem: 'check digit does not match',
      });
      expect(JSON.stringify(bad.body)).not.toContain(wrong);

      const notADate = residentId('19850230', 123);
      secrets.add(notADate);
      const badDate = await call(
        'POST',
        '/api/beneficiaries',
        'glField',
        beneficiaryBody(incidentId, { idNumber: notADate }),
      );
      expect(badDate.body.details).toEqual([
        { field: 'idNumber', problem: 'birth date (characters 7–14) is not a real date' },
      ]);
      const missingConsent = beneficiaryBody(incidentId);
      delete (missingConsent as Partial<typeof missingConsent>).consent;
      expect(
        fieldsOf((await call('POST', '/api/beneficiaries', 'glField', missingConsent)).body),
      ).toEqual(new Set(['consent']));
      const rows = await db().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM beneficiaries`,
      );
      expect(rows[0]?.n).toBe(1);
    });

    it('refuses the same person again, in any incident: 409 naming the existing id', async () => {
      const body = beneficiaryBody(incidentId);
      const first = await call('POST', '/api/beneficiaries', 'glField', body);
      expect(first.status).toBe(201);
      const again = await call('POST', '/api/beneficiaries', 'qhOps', {
        ...body,
        incidentId: otherIncidentId,
        tier: 'relative',
      });
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual([
        { field: 'idNumber', problem: `already registered as ${first.body.id as string}` },
      ]);
      expect(again.body.message).toContain(first.body.id as string);
      expect(again.body.existingId).toBe(first.body.id);
    });

    it('20 parallel registrations of one id end in one row: one 201, nineteen 409 naming it', async () => {
      const body = beneficiaryBody(incidentId, { idNumber: freshId() });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call('POST', '/api/beneficiaries', i % 2 === 0 ? 'glField' : 'qhOps', {
            ...body,
            householdSize: i + 1,
          }),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      const conflicts = results.filter((r) => r.status === 409);
      expect(created).toHaveLength(1);
      expect(conflicts).toHaveLength(19);
      const winner = created[0]?.body.id as string;
      for (const c of conflicts) {
        expect(c.body.details).toEqual([
          { field: 'idNumber', problem: `already registered as ${winner}` },
        ]);
      }
      const rows = await db().query<{ n: number; events: number; audits: number }[]>(
        `SELECT (SELECT count(*)::int FROM beneficiaries WHERE id_number_masked = $1) AS n,
                (SELECT count(*)::int FROM outbox WHERE type = 'beneficiary.registered' AND aggregate_id = $2) AS events,
                (SELECT count(*)::int FROM audit_log WHERE action = 'beneficiary.register' AND target_id = $2) AS audits`,
        [created[0]?.body.idNumberMasked, winner],
      );
      expect(rows[0]).toEqual({ n: 1, events: 1, audits: 1 });
    });

    it('422 for unknown incidents and sites of another incident; 403 outside scope or role; 401', async () => {
      const unknown = await call(
        'POST',
        '/api/beneficiaries',
        'glField',
        beneficiaryBody('00000000-0000-4000-8000-000000000000'),
      );
      expect(unknown.status).toBe(422);
      expect(fieldsOf(unknown.body)).toEqual(new Set(['incidentId']));
      const otherSite = await call(
        'POST',
        '/api/beneficiaries',
        'glField',
        beneficiaryBody(otherIncidentId, { siteId }),
      );
      expect(otherSite.status).toBe(422);
      expect(fieldsOf(otherSite.body)).toEqual(new Set(['siteId']));
      expect(
        (await call('POST', '/api/beneficiaries', 'xzOps', beneficiaryBody(incidentId))).status,
      ).toBe(403);
      expect(
        (await call('POST', '/api/beneficiaries', 'mdField', beneficiaryBody(incidentId))).status,
      ).toBe(403);
      expect(
        (await call('POST', '/api/beneficiaries', 'qhFinance', beneficiaryBody(incidentId))).status,
      ).toBe(403);
      expect(
        (await call('POST', '/api/beneficiaries', null, beneficiaryBody(incidentId))).status,
      ).toBe(401);
    });

    it('reads 404 outside scope; lists by incident, site, tier and category in a stable paged order', async () => {
      for (const [tier, category] of [
        ['deep', 'affected_family'],
        ['relative', 'frontline_worker'],
        ['accident', 'affected_family'],
      ]) {
        const res = await call(
          'POST',
          '/api/beneficiaries',
          'glField',
          beneficiaryBody(otherIncidentId, { tier, category }),
        );
        expect(res.status).toBe(201);
      }
      const all = await call('GET', '/api/beneficiaries?limit=200', 'qhOps');
      const allIds = (all.body.items as { id: string }[]).map((b) => b.id);
      expect(allIds).toHaveLength(6);
      const one = allIds[0];
      expect((await call('GET', `/api/beneficiaries/${one}`, 'glField')).status).toBe(200);
      expect((await call('GET', `/api/beneficiaries/${one}`, 'xzOps')).status).toBe(404);
      expect((await call('GET', `/api/beneficiaries/${one}`, null)).status).toBe(401);
      expect((await call('GET', '/api/beneficiaries', 'xzOps')).body.items).toEqual([]);

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(
          'GET',
          `/api/beneficiaries?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          'glField',
        );
        paged.push(...(page.body.items as { id: string }[]).map((b) => b.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(paged).toEqual(allIds);

      const ids = async (query: string) =>
        (await call('GET', `/api/beneficiaries?${query}`, 'qhOps')).body.items as {
          id: string;
          [k: string]: unknown;
        }[];
      expect((await ids(`incidentId=${otherIncidentId}`)).length).toBe(3);
      expect((await ids(`siteId=${siteId}`)).map((b) => b.siteId)).toEqual([siteId]);
      expect((await ids(`incidentId=${otherIncidentId}&tier=relative`)).map((b) => b.tier)).toEqual(
        ['relative'],
      );
      expect(
        (await ids(`incidentId=${otherIncidentId}&category=affected_family`)).map(
          (b) => b.category,
        ),
      ).toEqual(['affected_family', 'affected_family']);
      expect((await call('GET', '/api/beneficiaries?tier=rich', 'qhOps')).status).toBe(400);
      expect((await call('GET', '/api/beneficiaries?limit=201', 'qhOps')).status).toBe(400);
    });
  });

  describe('incident status', () => {
    it('moves forward only (409 otherwise), each move an event; 403 outside scope, 404 unknown', async () => {
      const move = (status: string, who: Who = 'qhOps', id = otherIncidentId) =>
        call('POST', `/api/incidents/${id}/status`, who, { status });
      expect((await move('responding', 'glField')).status).toBe(403);
      expect((await move('responding', 'xzOps')).status).toBe(403);
      expect(
        (await move('responding', 'qhOps', '00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      expect((await move('finished')).status).toBe(400);
      expect((await move('open')).status).toBe(409);
      const responding = await move('responding');
      expect(responding.status).toBe(200);
      expect(responding.body.status).toBe('responding');
      const back = await move('open');
      expect(back.status).toBe(409);
      expect(back.body.details).toEqual([
        { field: 'status', problem: 'cannot move from responding to open' },
      ]);
      expect((await move('responding')).status).toBe(409);
      expect((await move('closed')).status).toBe(200);
      expect((await move('recovery')).status).toBe(409);
      const listed = await call('GET', '/api/incidents?status=closed', 'qhOps');
      expect((listed.body.items as { id: string }[]).map((i) => i.id)).toEqual([otherIncidentId]);
      const changes = await eventually(async () => {
        const seen = tap
          .ofType('incident.status_changed')
          .filter((e) => e.aggregateId === otherIncidentId);
        return seen.length === 2 ? seen : undefined;
      });
      expect(changes.map((e) => [e.data.from, e.data.to])).toEqual([
        ['open', 'responding'],
        ['responding', 'closed'],
      ]);
    });

    it('no sites and no beneficiaries on a closed incident (409)', async () => {
      const site = await call('POST', `/api/incidents/${otherIncidentId}/sites`, 'qhOps', {
        name: 'Too late',
        kind: 'other',
        areaCode: '632621',
      });
      expect(site.status).toBe(409);
      const person = await call(
        'POST',
        '/api/beneficiaries',
        'qhOps',
        beneficiaryBody(otherIncidentId),
      );
      expect(person.status).toBe(409);
    });
  });

  describe('events and personal data', () => {
    /** Waits until the relay has published everything and the tap has seen all of it. */
    async function everythingPublished(): Promise<number> {
      return eventually(async () => {
        const [row] = await db().query<{ total: number; pending: number }[]>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM outbox`,
        );
        return row && row.pending === 0 && tap.seen.length >= row.total ? row.total : undefined;
      });
    }

    it('every event arrives on aidflow.intake.v1 with the contract envelope, keyed by aggregate id', async () => {
      const total = await everythingPublished();
      const types = new Set(tap.seen.map((m) => m.event.type));
      expect(types).toEqual(
        new Set([
          'org.registered',
          'incident.reported',
          'incident.status_changed',
          'site.registered',
          'beneficiary.registered',
        ]),
      );
      expect(tap.seen).toHaveLength(total);
      for (const message of tap.seen) {
        expect(message.topic).toBe(TOPICS.intake);
        expect(message.key).toBe(message.event.aggregateId);
        expect(message.event.producer).toBe('incident-intake');
        const envelope = plainToInstance(EventEnvelope, message.event);
        expect(validateSync(envelope, { forbidUnknownValues: false })).toEqual([]);
      }
      const org = tap.ofType('org.registered').find((e) => e.aggregateId === 'MD');
      expect(org?.data).toEqual({
        code: 'MD',
        name: '玛多县总工会',
        level: 'county',
        parentCode: 'GL',
        path: ['CN', 'QH', 'GL', 'MD'],
      });
      expect(org?.actor).toMatchObject({ sub: users.qhAdmin.sub, orgCode: 'QH' });
      const beneficiary = tap.seen.find((m) => m.event.aggregateId === firstBeneficiaryId);
      expect(beneficiary?.event).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'beneficiary.registered',
        version: 1,
        occurredAt: expect.stringMatching(/Z$/),
        producer: 'incident-intake',
        aggregateId: beneficiary?.key,
        correlationId: expect.any(String),
        actor: { sub: users.glField.sub, roles: ['field'], orgCode: 'GL' },
      });
      expect(beneficiary?.headers).toMatchObject({
        'aidflow-event-type': 'beneficiary.registered',
        'aidflow-producer': 'incident-intake',
      });
    });

    it('no plain id number or phone in the database, the logs or any Kafka message', async () => {
      await everythingPublished();
      expect(secrets.size).toBeGreaterThan(15);
      const tables = await db().query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
        [service.schema],
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['beneficiaries', 'outbox', 'audit_log']),
      );
      let dump = '';
      for (const { table_name } of tables) {
        const rows = await db().query<{ row: string }[]>(
          `SELECT t::text AS row FROM ${quoteIdent(service.schema)}.${quoteIdent(table_name)} t`,
        );
        dump += rows.map((r) => r.row).join('\n');
      }
      // The dump is real: masked ids and ciphertexts are in it, plain ids are not.
      expect(dump).toContain('********');
      const kafka = JSON.stringify(tap.seen);
      expect(kafka).toContain('idNumberMasked');
      const logs = output.text();
      expect(logs).toContain('/api/beneficiaries');
      for (const secret of secrets) {
        expect({ secret, inDatabase: dump.includes(secret) }).toEqual({
          secret,
          inDatabase: false,
        });
        expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
        expect({ secret, inKafka: kafka.includes(secret) }).toEqual({ secret, inKafka: false });
      }
    });
  });
});
