import { AuthUser, signDevToken } from '@aidflow/auth';
import { EventPayloads, EventType } from '@aidflow/contracts';
import { eventually, EventTap, startTestService, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { SERVICE_NAME, VisitsConfig } from './config/visits.config';

interface Detail {
  field: string;
  problem: string;
}
type Body = Record<string, unknown> & { details?: Detail[] };
interface CashView {
  disbursementId: string;
  amountFen: number;
  verification: string;
  problem?: string;
}
interface VisitBody extends Body {
  id: string;
  status: string;
  flagReason?: string;
  createdAt: string;
  beneficiaries: { beneficiaryId: string; cash?: CashView; goods?: unknown[]; needs?: string[] }[];
}
interface FollowUpBody extends Body {
  id: string;
  visitId?: string;
  beneficiaryId: string;
  kind: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  assigneeId?: string;
}
interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}
interface SyncResult {
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  visitStatus?: string;
  details?: Detail[];
}

const users = {
  qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
  glAdmin: { sub: 'u-gl-admin', roles: ['admin'], orgCode: 'GL' },
  xzAdmin: { sub: 'u-xz-admin', roles: ['admin', 'ops'], orgCode: 'XZ' },
  field1: { sub: 'u-field-1', roles: ['field'], orgCode: 'MD' },
  field2: { sub: 'u-field-2', roles: ['field'], orgCode: 'MD' },
  outsider: { sub: 'u-field-9', roles: ['field'], orgCode: 'GL' },
} satisfies Record<string, AuthUser>;
type Who = keyof typeof users;

const DAY_MS = 24 * 60 * 60 * 1000;
const INCIDENT_OCCURRED_AT = '2021-05-22T02:04:00+08:00';
const VISITED_AT = '2021-05-26T10:00:00+08:00';

describe('welfare-visit over HTTP (real Postgres, real broker)', () => {
  let service: TestService<VisitsConfig>;
  let tap: EventTap;
  const tokens: Partial<Record<Who, string>> = {};

  const incidentA = randomUUID();
  const incidentB = randomUUID();
  const [s1, s2, s3, sB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  /** Beneficiaries of incident A (p[0..11]) and one of incident B. */
  const p = Array.from({ length: 12 }, () => randomUUID());
  const pB = randomUUID();
  const d = {
    handed: randomUUID(), // p0, 50000, used by the first visit
    other: randomUUID(), // p1, 30000
    race: [randomUUID(), randomUUID(), randomUUID()], // p2, 20000 each
    rejected: randomUUID(), // p3, never approved
    batch: randomUUID(), // p4, 10000
    pendingOk: randomUUID(), // p7, 12000, approved after the visit
    pendingWrong: randomUUID(), // p8, handed 15000, approved for 16000
    pendingRejected: randomUUID(), // p9, rejected after the visit
  };
  let teamId: string;

  async function call<T = Body>(
    method: 'GET' | 'POST',
    url: string,
    who: Who | null,
    payload?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await service.app.inject({
      method,
      url,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: res.statusCode, body: res.json<T>() };
  }
  const db = () => service.app.get(DataSource);
  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await db().query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM ${sql}`,
      params,
    );
    return Number(row?.n);
  }
  const fields = (body: { details?: Detail[] }) =>
    new Set((body.details ?? []).map((x) => x.field));
  const publish = <T extends EventType>(type: T, aggregateId: string, data: EventPayloads[T]) =>
    tap.publish(type, aggregateId, data, {
      producer: type.startsWith('disbursement') ? 'fund-allocation' : 'incident-intake',
    });

  const visit = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: randomUUID(),
    teamId,
    siteId: s1,
    visitedAt: VISITED_AT,
    beneficiaries: [{ beneficiaryId: p[5] }],
    ...overrides,
  });

  beforeAll(async () => {
    for (const [name, user] of Object.entries(users))
      tokens[name as Who] = await signDevToken(user);
    service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: VisitsConfig,
      appModule: (config) => AppModule.forRoot(config),
    });
    tap = await new EventTap(service.topicPrefix).start();

    // The other services' events, exactly as they publish them.
    const orgs: [string, string[]][] = [
      ['CN', ['CN']],
      ['QH', ['CN', 'QH']],
      ['GL', ['CN', 'QH', 'GL']],
      ['MD', ['CN', 'QH', 'GL', 'MD']],
      ['XZ', ['CN', 'XZ']],
    ];
    for (const [code, path] of orgs) {
      await publish('org.registered', code, {
        code,
        name: `union ${code}`,
        level:
          (['national', 'province', 'prefecture', 'county'] as const)[path.length - 1] ?? 'county',
        ...(path.length > 1 ? { parentCode: path[path.length - 2] } : {}),
        path,
      });
    }
    for (const [incidentId, occurredAt] of [
      [incidentA, INCIDENT_OCCURRED_AT],
      [incidentB, '2021-07-01T08:00:00+08:00'],
    ] as const) {
      await publish('incident.reported', incidentId, {
        incidentId,
        title: 'Maduo M7.4 earthquake',
        kind: 'earthquake',
        occurredAt,
        areaCodes: ['632626'],
        responseLevel: 'I',
        leadOrgCode: 'GL',
        status: 'open',
      });
    }
    for (const [siteId, incidentId, name] of [
      [s1, incidentA, 'Zhalinghu'],
      [s2, incidentA, 'Huanghe'],
      [s3, incidentA, 'Transport bureau'],
      [sB, incidentB, 'Elsewhere'],
    ] as const) {
      await publish('site.registered', siteId, {
        siteId,
        incidentId,
        name,
        kind: 'resettlement',
        areaCode: '632626',
        orgCode: 'GL',
        registeredAt: new Date().toISOString(),
      });
    }
    for (const [beneficiaryId, incidentId] of [
      ...p.map((id) => [id, incidentA] as const),
      [pB, incidentB] as const,
    ]) {
      await publish('beneficiary.registered', beneficiaryId, {
        beneficiaryId,
        incidentId,
        siteId: incidentId === incidentA ? s1 : sB,
        idNumberMasked: '632626********123X',
        category: 'affected_family',
        tier: 'deep',
        householdSize: 4,
        orgCode: 'GL',
      });
    }
    const approve = (disbursementId: string, beneficiaryId: string, amountFen: number) =>
      publish('disbursement.approved', disbursementId, {
        disbursementId,
        fundId: randomUUID(),
        beneficiaryId,
        amountFen,
        approvedBy: ['u-approver'],
        orgCode: 'GL',
        incidentId: incidentA,
      });
    await approve(d.handed, p[0], 50000);
    await approve(d.other, p[1], 30000);
    for (const id of d.race) await approve(id, p[2], 20000);
    await approve(d.batch, p[4], 10000);
    await publish('disbursement.rejected', d.rejected, {
      disbursementId: d.rejected,
      fundId: randomUUID(),
      amountFen: 5000,
      reason: 'not eligible',
      rejectedBy: 'u-approver',
      orgCode: 'GL',
      incidentId: incidentA,
    });

    // Wait until the read models hold everything published above.
    await eventually(
      async () => {
        const ready =
          (await count('org_replica')) === 5 &&
          (await count('incident_replica')) === 2 &&
          (await count('site_replica')) === 4 &&
          (await count('beneficiary_replica')) === p.length + 1 &&
          (await count('disbursement_replica')) === 7;
        return ready ? true : undefined;
      },
      { what: 'the read models to hold the fixtures', timeoutMs: 30000 },
    );
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.close();
  });

  describe('teams', () => {
    it('POST /api/teams: ops in scope registers a team → 201 and team.registered', async () => {
      const res = await call<Body & { id: string }>('POST', '/api/teams', 'qhOps', {
        name: 'Qinghai delegation',
        orgCode: 'GL',
        memberIds: ['u-field-1', 'u-field-2'],
        siteIds: [s1, s2.toUpperCase()],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        orgCode: 'GL',
        memberIds: ['u-field-1', 'u-field-2'],
        siteIds: [s1, s2],
      });
      teamId = res.body.id;
      const event = await tap.waitFor('team.registered', (e) => e.data.teamId === teamId);
      expect(event.data).toEqual({
        teamId,
        name: 'Qinghai delegation',
        orgCode: 'GL',
        memberIds: ['u-field-1', 'u-field-2'],
        siteIds: [s1, s2],
      });
    });

    it('refuses: wrong role 403, org outside scope 403, unknown sites 422 each named, bad body 400, same name 409', async () => {
      const body = { name: 'Team B', orgCode: 'GL', memberIds: ['u-field-1'], siteIds: [s1] };
      expect((await call('POST', '/api/teams', 'field1', body)).status).toBe(403);
      expect((await call('POST', '/api/teams', 'xzAdmin', body)).status).toBe(403);

      const unknownSites = await call('POST', '/api/teams', 'qhOps', {
        ...body,
        siteIds: [s1, randomUUID(), randomUUID()],
      });
      expect(unknownSites.status).toBe(422);
      expect(fields(unknownSites.body)).toEqual(new Set(['siteIds.1', 'siteIds.2']));
      // XZ's admin may write in XZ, but the Qinghai sites are outside their scope.
      const foreign = await call('POST', '/api/teams', 'xzAdmin', { ...body, orgCode: 'XZ' });
      expect(foreign.status).toBe(422);
      expect(fields(foreign.body)).toEqual(new Set(['siteIds.0']));

      const invalid = await call('POST', '/api/teams', 'qhOps', {
        name: '',
        orgCode: 'GL',
        memberIds: [],
        siteIds: ['x'],
        extra: 1,
      });
      expect(invalid.status).toBe(400);
      expect(fields(invalid.body)).toEqual(new Set(['name', 'memberIds', 'siteIds', 'extra']));

      const again = await call('POST', '/api/teams', 'glAdmin', {
        ...body,
        name: 'qinghai DELEGATION',
      });
      expect(again.status).toBe(409);
      expect(await count('teams')).toBe(1);
    });

    it('GET /api/teams/:id: readable in scope and by members, 404 otherwise', async () => {
      expect((await call('GET', `/api/teams/${teamId}`, 'qhOps')).status).toBe(200);
      // field1's own scope (MD) is below the team's org: membership lets them read it.
      expect((await call('GET', `/api/teams/${teamId}`, 'field1')).status).toBe(200);
      expect((await call('GET', `/api/teams/${teamId}`, 'xzAdmin')).status).toBe(404);
      expect((await call('GET', `/api/teams/${randomUUID()}`, 'qhOps')).status).toBe(404);
    });
  });

  describe('logging a visit', () => {
    let first: VisitBody;
    const firstBody = () =>
      visit({
        notes: 'Tent 14; the mother asked for a doctor',
        location: { lat: 34.92, lon: 97.45 },
        beneficiaries: [
          {
            beneficiaryId: p[0],
            cash: { disbursementId: d.handed, amountFen: 50000 },
            goods: [{ itemCode: 'cotton-coat', quantity: 1 }],
            needs: ['psychological', 'medical'],
            receiptSha256: 'a'.repeat(64),
          },
          {
            beneficiaryId: p[6],
            goods: [{ itemCode: 'rice-10kg', quantity: 2 }],
            needs: ['housing'],
          },
        ],
      });
    let firstPayload: Record<string, unknown>;

    it('accepts a visit with cash, goods and needs: 201, visit.logged with the lines, follow-ups due by kind', async () => {
      firstPayload = firstBody();
      const res = await call<VisitBody>('POST', '/api/visits', 'field1', firstPayload);
      expect(res.status).toBe(201);
      first = res.body;
      expect(first).toMatchObject({
        id: firstPayload.id,
        teamId,
        siteId: s1,
        incidentId: incidentA,
        orgCode: 'GL',
        status: 'accepted',
        visitedAt: '2021-05-26T02:00:00.000Z',
        location: { lat: 34.92, lon: 97.45 },
        loggedBy: 'u-field-1',
      });
      expect(first.beneficiaries[0]).toEqual({
        beneficiaryId: p[0],
        cash: { disbursementId: d.handed, amountFen: 50000, verification: 'verified' },
        goods: [{ itemCode: 'cotton-coat', quantity: 1 }],
        needs: ['psychological', 'medical'],
        receiptSha256: 'a'.repeat(64),
      });

      const logged = await tap.waitFor('visit.logged', (e) => e.data.visitId === first.id);
      expect(logged.data).toMatchObject({
        teamId,
        siteId: s1,
        incidentId: incidentA,
        orgCode: 'GL',
        status: 'accepted',
        beneficiaries: [
          {
            beneficiaryId: p[0],
            cash: { disbursementId: d.handed, amountFen: 50000 },
            goods: [{ itemCode: 'cotton-coat', quantity: 1 }],
          },
          { beneficiaryId: p[6], goods: [{ itemCode: 'rice-10kg', quantity: 2 }] },
        ],
      });
      expect(JSON.stringify(logged)).not.toContain('Tent 14');

      await eventually(async () =>
        tap.ofType('followup.opened').filter((e) => e.data.visitId === first.id).length === 3
          ? true
          : undefined,
      );
      const followUps = await call<PageBody<FollowUpBody>>(
        'GET',
        `/api/follow-ups?teamId=${teamId}&limit=200`,
        'field1',
      );
      const fromVisit = followUps.body.items.filter((f) => f.visitId === first.id);
      const dueOf = (kind: string) => fromVisit.find((f) => f.kind === kind)?.dueAt;
      const visitedAt = Date.parse(VISITED_AT);
      expect(fromVisit).toHaveLength(3);
      expect(dueOf('medical')).toBe(new Date(visitedAt + 2 * DAY_MS).toISOString());
      expect(dueOf('psychological')).toBe(new Date(visitedAt + 7 * DAY_MS).toISOString());
      expect(dueOf('housing')).toBe(new Date(visitedAt + 14 * DAY_MS).toISOString());
      expect(fromVisit.find((f) => f.kind === 'housing')?.beneficiaryId).toBe(p[6]);
    });

    it('the same visit again → 200 with the same body; reordered or re-cased it is still a duplicate; nothing new', async () => {
      const outbox = await count('outbox');
      const rows = await count('visits');
      const again = await call<VisitBody>('POST', '/api/visits', 'field1', firstPayload);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first);
      const reordered = Object.fromEntries(Object.entries(firstPayload).reverse());
      const recased = {
        ...reordered,
        id: String(firstPayload.id).toUpperCase(),
        visitedAt: '2021-05-26T02:00:00Z',
      };
      const third = await call<VisitBody>('POST', '/api/visits', 'field2', recased);
      expect(third.status).toBe(200);
      expect(third.body).toEqual(first);
      expect(await count('outbox')).toBe(outbox);
      expect(await count('visits')).toBe(rows);
    });

    it('only members log for a team; an admin over its org may too; nobody else', async () => {
      const outsider = await call('POST', '/api/visits', 'outsider', visit());
      expect(outsider.status).toBe(403);
      expect(fields(outsider.body)).toEqual(new Set(['teamId']));
      expect((await call('POST', '/api/visits', 'glAdmin', visit())).status).toBe(201);
      // XZ's admin cannot even see the team.
      const foreign = await call('POST', '/api/visits', 'xzAdmin', visit());
      expect(foreign.status).toBe(422);
      expect(fields(foreign.body)).toEqual(new Set(['teamId']));
      expect(
        (await call('POST', '/api/visits', 'field1', visit({ teamId: randomUUID() }))).status,
      ).toBe(422);
      expect((await call('POST', '/api/visits', null, visit())).status).toBe(401);
    });

    it('rules about where, when and whom, every broken one named at once (422)', async () => {
      const notOurSite = await call('POST', '/api/visits', 'field1', visit({ siteId: s3 }));
      expect(notOurSite.status).toBe(422);
      expect(notOurSite.body.details).toEqual([
        { field: 'siteId', problem: "is not one of the team's sites" },
      ]);

      const future = new Date(Date.now() + 11 * 60 * 1000).toISOString();
      const all = await call('POST', '/api/visits', 'field1', {
        ...visit({ visitedAt: future }),
        beneficiaries: [
          { beneficiaryId: pB },
          { beneficiaryId: randomUUID() },
          { beneficiaryId: p[5] },
          { beneficiaryId: p[5] },
        ],
      });
      expect(all.status).toBe(422);
      expect(all.body.details).toEqual([
        { field: 'visitedAt', problem: 'is more than 10 minutes in the future' },
        {
          field: 'beneficiaries.0.beneficiaryId',
          problem: "does not belong to the site's incident",
        },
        { field: 'beneficiaries.1.beneficiaryId', problem: 'is not a registered beneficiary' },
        {
          field: 'beneficiaries.3.beneficiaryId',
          problem: 'is listed more than once in this visit',
        },
      ]);

      const beforeIncident = await call(
        'POST',
        '/api/visits',
        'field1',
        visit({ visitedAt: '2021-05-22T02:00:00+08:00' }),
      );
      expect(beforeIncident.status).toBe(422);
      expect(fields(beforeIncident.body)).toEqual(new Set(['visitedAt']));

      // A device clock a little ahead is tolerated.
      const skewed = await call(
        'POST',
        '/api/visits',
        'field1',
        visit({ visitedAt: new Date(Date.now() + 9 * 60 * 1000).toISOString() }),
      );
      expect(skewed.status).toBe(201);
    });

    it('malformed visits → 400 naming every bad field; unknown fields refused; nothing stored', async () => {
      const rows = await count('visits');
      const res = await call('POST', '/api/visits', 'field1', {
        ...visit({ visitedAt: '2021-05-26 10:00' }),
        foo: 'bar',
        beneficiaries: [
          {
            beneficiaryId: p[5],
            goods: [
              { itemCode: 'coat', quantity: 0 },
              { itemCode: 'rice', quantity: -2 },
            ],
            needs: ['karaoke'],
          },
          { beneficiaryId: 'x', cash: { disbursementId: d.other, amountFen: '300' }, bar: 1 },
        ],
      });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(
        new Set([
          'visitedAt',
          'foo',
          'beneficiaries.0.goods.0.quantity',
          'beneficiaries.0.goods.1.quantity',
          'beneficiaries.0.needs',
          'beneficiaries.1.beneficiaryId',
          'beneficiaries.1.cash.amountFen',
          'beneficiaries.1.bar',
        ]),
      );
      expect((await call('POST', '/api/visits', 'field1', [])).status).toBe(400);
      expect(await count('visits')).toBe(rows);
    });

    it('cash only against an approved disbursement of that beneficiary, for its exact amount, once', async () => {
      const cash = (beneficiaryId: string, disbursementId: string, amountFen: number) =>
        call(
          'POST',
          '/api/visits',
          'field1',
          visit({ beneficiaries: [{ beneficiaryId, cash: { disbursementId, amountFen } }] }),
        );

      const wrongAmount = await cash(p[1], d.other, 29999);
      expect(wrongAmount.status).toBe(422);
      expect(wrongAmount.body.details).toEqual([
        {
          field: 'beneficiaries.0.cash.amountFen',
          problem: 'must equal the approved amount of 30000 fen',
        },
      ]);
      const someoneElses = await cash(p[5], d.other, 30000);
      expect(someoneElses.status).toBe(422);
      expect(someoneElses.body.details).toEqual([
        {
          field: 'beneficiaries.0.cash.disbursementId',
          problem: 'is not a disbursement of this beneficiary',
        },
      ]);
      const rejected = await cash(p[3], d.rejected, 5000);
      expect(rejected.status).toBe(422);
      expect(rejected.body.details).toEqual([
        { field: 'beneficiaries.0.cash.disbursementId', problem: 'is rejected, not approved' },
      ]);
      const twice = await cash(p[0], d.handed, 50000);
      expect(twice.status).toBe(422);
      expect(twice.body.details).toEqual([
        {
          field: 'beneficiaries.0.cash.disbursementId',
          problem: expect.stringMatching(
            /^has already been handed over in another visit \(kept for review as conflict [0-9a-f-]{36}\)$/,
          ),
        },
      ]);
      expect(await count('visit_cash_lines WHERE disbursement_id = $1', [d.handed])).toBe(1);
      expect(await count('visit_cash_lines WHERE disbursement_id = $1', [d.other])).toBe(0);
    });

    it('double cash handover race: two visits in parallel for one disbursement → exactly one accepted', async () => {
      for (const disbursementId of d.race) {
        const body = () =>
          visit({
            beneficiaries: [{ beneficiaryId: p[2], cash: { disbursementId, amountFen: 20000 } }],
          });
        const [a, b] = await Promise.all([
          call('POST', '/api/visits', 'field1', body()),
          call('POST', '/api/visits', 'field2', body()),
        ]);
        expect([a.status, b.status].sort()).toEqual([201, 422]);
        const loser = a.status === 422 ? a : b;
        expect(loser.body.details).toEqual([
          {
            field: 'beneficiaries.0.cash.disbursementId',
            problem: expect.stringContaining('has already been handed over in another visit'),
          },
        ]);
        expect(await count('visit_cash_lines WHERE disbursement_id = $1', [disbursementId])).toBe(
          1,
        );
      }
    });

    it('same id with different content → 409, kept once for review in /api/visits/conflicts, original untouched', async () => {
      const changed = { ...firstPayload, notes: 'edited on the device after syncing' };
      const res = await call('POST', '/api/visits', 'field2', changed);
      expect(res.status).toBe(409);
      expect(res.body.details?.[0]?.field).toBe('id');
      expect(res.body.details?.[0]?.problem).toMatch(
        /different content.*kept for review as conflict [0-9a-f-]{36}/,
      );
      expect((await call('POST', '/api/visits', 'field2', changed)).status).toBe(409);
      // (The earlier second handover of its cash is a conflict of another kind on the same visit.)
      expect(
        await count(`visit_conflicts WHERE visit_id = $1 AND kind = 'same_id'`, [first.id]),
      ).toBe(1);

      const conflicts = await call<
        PageBody<{
          visitId: string;
          kind: string;
          receivedBy: string;
          incoming: { notes?: string };
        }>
      >('GET', '/api/visits/conflicts', 'qhOps');
      expect(conflicts.status).toBe(200);
      const kept = conflicts.body.items.filter(
        (c) => c.visitId === first.id && c.kind === 'same_id',
      );
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({
        receivedBy: 'u-field-2',
        incoming: { notes: 'edited on the device after syncing' },
      });
      expect((await call('GET', '/api/visits/conflicts', 'field1')).status).toBe(403);
      expect(
        (await call<PageBody<unknown>>('GET', '/api/visits/conflicts', 'xzAdmin')).body.items,
      ).toEqual([]);

      const stored = await call<VisitBody>('GET', `/api/visits/${first.id}`, 'field1');
      // GET also lists the receipts the server holds (none uploaded here).
      const { receipts, ...rest } = stored.body;
      expect(rest).toEqual(first);
      expect(receipts).toEqual([{ sha256: 'a'.repeat(64), stored: false }]);
    });
  });

  describe('pending verification (the approval event arrives after the visit)', () => {
    const pendingVisit = async (
      beneficiaryId: string,
      disbursementId: string,
      amountFen: number,
    ) => {
      const res = await call<VisitBody>(
        'POST',
        '/api/visits',
        'field1',
        visit({ beneficiaries: [{ beneficiaryId, cash: { disbursementId, amountFen } }] }),
      );
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending_verification');
      expect(res.body.beneficiaries[0]?.cash?.verification).toBe('pending');
      const logged = await tap.waitFor('visit.logged', (e) => e.data.visitId === res.body.id);
      expect(logged.data.status).toBe('pending_verification');
      return res.body;
    };

    it('accepts the visit as pending_verification; the matching approval completes it → visit.verified', async () => {
      const pending = await pendingVisit(p[7], d.pendingOk, 12000);
      // The cash is reserved at once: nobody else can hand it over meanwhile.
      const second = await call(
        'POST',
        '/api/visits',
        'field2',
        visit({
          beneficiaries: [
            { beneficiaryId: p[7], cash: { disbursementId: d.pendingOk, amountFen: 12000 } },
          ],
        }),
      );
      expect(second.status).toBe(422);

      await publish('disbursement.approved', d.pendingOk, {
        disbursementId: d.pendingOk,
        fundId: randomUUID(),
        beneficiaryId: p[7],
        amountFen: 12000,
        approvedBy: ['u-approver'],
        orgCode: 'GL',
        incidentId: incidentA,
      });
      const verified = await tap.waitFor('visit.verified', (e) => e.data.visitId === pending.id);
      expect(verified.data).toEqual({ visitId: pending.id, orgCode: 'GL', incidentId: incidentA });
      const now = await call<VisitBody>('GET', `/api/visits/${pending.id}`, 'field1');
      expect(now.body.status).toBe('accepted');
      expect(now.body.beneficiaries[0]?.cash?.verification).toBe('verified');
      expect(tap.ofType('visit.flagged').filter((e) => e.data.visitId === pending.id)).toHaveLength(
        0,
      );
    });

    it('an approval for another amount → visit.flagged with the reason', async () => {
      const pending = await pendingVisit(p[8], d.pendingWrong, 15000);
      await publish('disbursement.approved', d.pendingWrong, {
        disbursementId: d.pendingWrong,
        fundId: randomUUID(),
        beneficiaryId: p[8],
        amountFen: 16000,
        approvedBy: ['u-approver'],
        orgCode: 'GL',
        incidentId: incidentA,
      });
      const flagged = await tap.waitFor('visit.flagged', (e) => e.data.visitId === pending.id);
      expect(flagged.data.reason).toBe(
        `handed over 15000 fen but disbursement ${d.pendingWrong} was approved for 16000 fen`,
      );
      const now = await call<VisitBody>('GET', `/api/visits/${pending.id}`, 'field1');
      expect(now.body).toMatchObject({ status: 'flagged', flagReason: flagged.data.reason });
      expect(now.body.beneficiaries[0]?.cash?.verification).toBe('mismatch');
      expect(
        tap.ofType('visit.verified').filter((e) => e.data.visitId === pending.id),
      ).toHaveLength(0);
    });

    it('a rejection of the disbursement → visit.flagged', async () => {
      const pending = await pendingVisit(p[9], d.pendingRejected, 7000);
      await publish('disbursement.rejected', d.pendingRejected, {
        disbursementId: d.pendingRejected,
        fundId: randomUUID(),
        amountFen: 7000,
        reason: 'duplicate request',
        rejectedBy: 'u-approver',
        orgCode: 'GL',
        incidentId: incidentA,
      });
      const flagged = await tap.waitFor('visit.flagged', (e) => e.data.visitId === pending.id);
      expect(flagged.data.reason).toBe(
        `disbursement ${d.pendingRejected} was rejected: duplicate request`,
      );
    });
  });

  describe('offline batch sync', () => {
    const BAD = { quantity: 3, amount: 250, site: 499 } as const;
    let batch: Record<string, unknown>[];
    const batchIds = () => batch.map((v) => String(v.id));

    const countRows = async () => ({
      visits: await count('visits'),
      beneficiaries: await count('visit_beneficiaries'),
      goods: await count('visit_goods_lines'),
      cash: await count('visit_cash_lines'),
      followUps: await count('follow_ups'),
      conflicts: await count('visit_conflicts'),
      outbox: await count('outbox'),
      audit: await count('audit_log'),
    });

    it('500 visits with 3 bad ones → 497 accepted, each bad one rejected with its field path', async () => {
      const base = Date.parse(VISITED_AT);
      batch = Array.from({ length: 500 }, (_, i) =>
        visit({
          siteId: i % 2 === 0 ? s1 : s2,
          visitedAt: new Date(base + i * 60_000).toISOString(),
          notes: `batch visit ${i}`,
          beneficiaries: [
            {
              beneficiaryId: p[i % p.length],
              goods: [{ itemCode: 'cotton-coat', quantity: 1 + (i % 3) }],
              ...(i % 100 === 0 ? { needs: ['livelihood'] } : {}),
            },
          ],
        }),
      );
      const bad = [...batch];
      bad[BAD.quantity] = {
        ...batch[BAD.quantity],
        beneficiaries: [{ beneficiaryId: p[5], goods: [{ itemCode: 'coat', quantity: 0 }] }],
      };
      bad[BAD.amount] = {
        ...batch[BAD.amount],
        beneficiaries: [
          { beneficiaryId: p[4], cash: { disbursementId: d.batch, amountFen: 9999 } },
        ],
      };
      bad[BAD.site] = { ...batch[BAD.site], siteId: s3 };
      // The corrected versions of the three, for the resend below.
      batch[BAD.amount] = {
        ...batch[BAD.amount],
        beneficiaries: [
          { beneficiaryId: p[4], cash: { disbursementId: d.batch, amountFen: 10000 } },
        ],
      };

      const before = await countRows();
      const started = performance.now();
      const res = await call<{ results: SyncResult[] }>('POST', '/api/visits/batch', 'field1', {
        visits: bad,
      });
      const elapsedMs = Math.round(performance.now() - started);
      console.log(`welfare-visit: 500-visit batch (497 accepted, 3 rejected) took ${elapsedMs} ms`);

      expect(res.status).toBe(200);
      const results = res.body.results;
      expect(results).toHaveLength(500);
      expect(results.map((r) => r.id)).toEqual(batchIds());
      expect(results.filter((r) => r.status === 'accepted')).toHaveLength(497);
      expect(results[BAD.quantity]).toEqual({
        id: batch[BAD.quantity].id,
        status: 'rejected',
        message: expect.any(String),
        details: [
          {
            field: 'visits.3.beneficiaries.0.goods.0.quantity',
            problem: 'must not be less than 1',
          },
        ],
      });
      expect(results[BAD.amount]?.details).toEqual([
        {
          field: 'visits.250.beneficiaries.0.cash.amountFen',
          problem: 'must equal the approved amount of 10000 fen',
        },
      ]);
      expect(results[BAD.site]?.details).toEqual([
        { field: 'visits.499.siteId', problem: "is not one of the team's sites" },
      ]);
      expect(
        results.filter((r) => r.status === 'accepted').every((r) => r.visitStatus === 'accepted'),
      ).toBe(true);

      const after = await countRows();
      expect(after.visits - before.visits).toBe(497);
      expect(after.goods - before.goods).toBe(497);
      expect(after.cash - before.cash).toBe(0);
      expect(after.followUps - before.followUps).toBe(5);
      await eventually(async () => {
        const ids = new Set(batchIds());
        return tap.ofType('visit.logged').filter((e) => ids.has(e.data.visitId)).length === 497
          ? true
          : undefined;
      });
    });

    it('the corrected batch → 497 duplicates and the 3 fixed ones accepted', async () => {
      const res = await call<{ results: SyncResult[] }>('POST', '/api/visits/batch', 'field1', {
        visits: batch,
      });
      expect(res.status).toBe(200);
      const byStatus = (status: string) =>
        res.body.results.filter((r) => r.status === status).map((r) => r.id);
      expect(byStatus('duplicate')).toHaveLength(497);
      expect(byStatus('accepted')).toEqual(
        [BAD.quantity, BAD.amount, BAD.site].map((i) => batch[i].id),
      );
      // The one that now carries cash went through the same rules: its disbursement is reserved.
      expect(await count('visit_cash_lines WHERE disbursement_id = $1', [d.batch])).toBe(1);
      await eventually(async () => {
        const ids = new Set(batchIds());
        return tap.ofType('visit.logged').filter((e) => ids.has(e.data.visitId)).length === 500
          ? true
          : undefined;
      });
    });

    it('the same batch again → 500 duplicates, no new rows, no new events', async () => {
      const before = await countRows();
      const loggedBefore = tap.ofType('visit.logged').length;
      const res = await call<{ results: SyncResult[] }>('POST', '/api/visits/batch', 'field1', {
        visits: batch,
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(Array(500).fill('duplicate'));
      expect(res.body.results.map((r) => r.id)).toEqual(batchIds());
      expect(await countRows()).toEqual(before);
      // A heartbeat event after the resend: once the tap sees it, it would have seen anything before it.
      const marker = await publish('site.registered', randomUUID(), {
        siteId: randomUUID(),
        incidentId: incidentA,
        name: 'marker',
        kind: 'other',
        areaCode: '632626',
        orgCode: 'GL',
        registeredAt: new Date().toISOString(),
      });
      await tap.waitFor('site.registered', (e) => e.id === marker.id);
      await eventually(async () =>
        (await count('outbox WHERE published_at IS NULL')) === 0 ? true : undefined,
      );
      expect(tap.ofType('visit.logged').length).toBe(loggedBefore);
    });

    it('refuses a batch over 500 or without visits (400); a non-object visit is rejected alone', async () => {
      const tooMany = await call('POST', '/api/visits/batch', 'field1', {
        visits: Array.from({ length: 501 }, () => visit()),
      });
      expect(tooMany.status).toBe(400);
      expect(fields(tooMany.body)).toEqual(new Set(['visits']));
      expect((await call('POST', '/api/visits/batch', 'field1', { visits: [] })).status).toBe(400);
      expect(
        (await call('POST', '/api/visits/batch', 'field1', { visits: [visit()], extra: 1 })).status,
      ).toBe(400);

      const good = visit();
      const mixed = await call<{ results: SyncResult[] }>('POST', '/api/visits/batch', 'field1', {
        visits: ['junk', good, { teamId }],
      });
      expect(mixed.body.results[0]).toMatchObject({
        id: null,
        status: 'rejected',
        details: [{ field: 'visits.0', problem: 'must be an object' }],
      });
      expect(mixed.body.results[1]).toMatchObject({ id: good.id, status: 'accepted' });
      expect(mixed.body.results[2]?.status).toBe('rejected');
      expect(fields({ details: mixed.body.results[2]?.details })).toEqual(
        new Set(['visits.2.id', 'visits.2.siteId', 'visits.2.visitedAt', 'visits.2.beneficiaries']),
      );
    });
  });

  describe('follow-ups', () => {
    let direct: FollowUpBody;

    it('POST /api/follow-ups opens one directly (team member), due by its kind → followup.opened without a visit', async () => {
      const before = Date.now();
      const res = await call<FollowUpBody>('POST', '/api/follow-ups', 'field2', {
        teamId,
        beneficiaryId: p[5],
        siteId: s2,
        kind: 'medical',
      });
      expect(res.status).toBe(201);
      direct = res.body;
      expect(direct).toMatchObject({
        status: 'open',
        overdue: false,
        kind: 'medical',
        beneficiaryId: p[5],
        orgCode: 'GL',
      });
      expect(Date.parse(direct.dueAt) - before).toBeGreaterThanOrEqual(2 * DAY_MS - 1000);
      expect(Date.parse(direct.dueAt) - before).toBeLessThan(2 * DAY_MS + 60_000);
      const opened = await tap.waitFor('followup.opened', (e) => e.data.followUpId === direct.id);
      expect(opened.data).not.toHaveProperty('visitId');

      expect(
        (
          await call('POST', '/api/follow-ups', 'outsider', {
            teamId,
            beneficiaryId: p[5],
            siteId: s2,
            kind: 'other',
          })
        ).status,
      ).toBe(403);
      const wrong = await call('POST', '/api/follow-ups', 'field2', {
        teamId,
        beneficiaryId: pB,
        siteId: s3,
        kind: 'nope',
      });
      expect(wrong.status).toBe(400);
      expect(fields(wrong.body)).toEqual(new Set(['kind']));
      const rules = await call('POST', '/api/follow-ups', 'field2', {
        teamId,
        beneficiaryId: pB,
        siteId: s3,
        kind: 'other',
      });
      expect(rules.status).toBe(422);
      expect(fields(rules.body)).toEqual(new Set(['siteId']));
    });

    it('assign → followup.assigned; close → followup.closed; closing again → 409', async () => {
      const assigned = await call<FollowUpBody>(
        'POST',
        `/api/follow-ups/${direct.id}/assign`,
        'qhOps',
        { assigneeId: 'u-counsellor-3' },
      );
      expect(assigned.status).toBe(200);
      expect(assigned.body.assigneeId).toBe('u-counsellor-3');
      await tap.waitFor(
        'followup.assigned',
        (e) => e.data.followUpId === direct.id && e.data.assigneeId === 'u-counsellor-3',
      );
      expect(
        (
          await call('POST', `/api/follow-ups/${direct.id}/assign`, 'outsider', {
            assigneeId: 'u-x',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('POST', `/api/follow-ups/${direct.id}/assign`, 'xzAdmin', {
            assigneeId: 'u-x',
          })
        ).status,
      ).toBe(404);

      const closed = await call<FollowUpBody>(
        'POST',
        `/api/follow-ups/${direct.id}/close`,
        'field1',
        { outcome: 'seen by the county hospital' },
      );
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        outcome: 'seen by the county hospital',
        closedBy: 'u-field-1',
      });
      const event = await tap.waitFor('followup.closed', (e) => e.data.followUpId === direct.id);
      expect(event.data).toEqual({
        followUpId: direct.id,
        outcome: 'seen by the county hospital',
        orgCode: 'GL',
        incidentId: incidentA,
      });

      const again = await call('POST', `/api/follow-ups/${direct.id}/close`, 'field1', {
        outcome: 'again',
      });
      expect(again.status).toBe(409);
      expect(
        (await call('POST', `/api/follow-ups/${direct.id}/assign`, 'qhOps', { assigneeId: 'u-y' }))
          .status,
      ).toBe(409);
      expect(
        (await call('POST', `/api/follow-ups/${direct.id}/close`, 'field1', { outcome: '' }))
          .status,
      ).toBe(400);
    });

    it('lists overdue (open and past due), filters by status and kind, pages with a cursor', async () => {
      const overdue = await call<PageBody<FollowUpBody>>(
        'GET',
        '/api/follow-ups?overdue=true&limit=200',
        'qhOps',
      );
      expect(overdue.status).toBe(200);
      // The visits were in 2021: every follow-up they opened is overdue; the direct one was closed.
      expect(overdue.body.items.length).toBe(3 + 5);
      expect(
        overdue.body.items.every(
          (f) => f.status === 'open' && f.overdue && Date.parse(f.dueAt) < Date.now(),
        ),
      ).toBe(true);
      expect(overdue.body.items.map((f) => f.id)).not.toContain(direct.id);

      const medical = await call<PageBody<FollowUpBody>>(
        'GET',
        '/api/follow-ups?kind=medical&status=open',
        'qhOps',
      );
      expect(medical.body.items.map((f) => f.kind)).toEqual(['medical']);
      const closed = await call<PageBody<FollowUpBody>>(
        'GET',
        '/api/follow-ups?status=closed',
        'qhOps',
      );
      expect(closed.body.items.map((f) => f.id)).toEqual([direct.id]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: PageBody<FollowUpBody> } = await call<PageBody<FollowUpBody>>(
          'GET',
          `/api/follow-ups?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          'field1',
        );
        seen.push(...page.body.items.map((f) => f.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(3 + 5 + 1);
      expect(new Set(seen).size).toBe(3 + 5 + 1);
      expect(
        (await call<PageBody<unknown>>('GET', '/api/follow-ups', 'xzAdmin')).body.items,
      ).toEqual([]);
      expect((await call('GET', '/api/follow-ups?overdue=maybe', 'qhOps')).status).toBe(400);
    });
  });

  describe('reading visits', () => {
    it('GET /api/visits filters by site, team and since, pages with a cursor, and is scoped', async () => {
      const total = await count('visits');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: PageBody<VisitBody> } = await call<PageBody<VisitBody>>(
          'GET',
          `/api/visits?teamId=${teamId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          'qhOps',
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((v) => v.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);

      const bySite = await call<PageBody<VisitBody & { siteId: string }>>(
        'GET',
        `/api/visits?siteId=${s2}&limit=200`,
        'field2',
      );
      expect(bySite.body.items.length).toBe(200);
      const bySiteRest = await call<PageBody<VisitBody & { siteId: string }>>(
        'GET',
        `/api/visits?siteId=${s2}&limit=200&cursor=${bySite.body.nextCursor}`,
        'field2',
      );
      expect(bySiteRest.body).toMatchObject({ nextCursor: null });
      expect(bySiteRest.body.items.length).toBe(50);
      expect([...bySite.body.items, ...bySiteRest.body.items].every((v) => v.siteId === s2)).toBe(
        true,
      );

      const newest = await db().query<{ created_at: Date }[]>(
        `SELECT max(created_at) AS created_at FROM visits`,
      );
      const since = await call<PageBody<VisitBody>>(
        'GET',
        `/api/visits?since=${encodeURIComponent(newest[0].created_at.toISOString())}`,
        'qhOps',
      );
      expect(since.body.items.length).toBeGreaterThanOrEqual(1);
      expect(
        since.body.items.every((v) => Date.parse(v.createdAt) >= newest[0].created_at.getTime()),
      ).toBe(true);
      const future = await call<PageBody<VisitBody>>(
        'GET',
        `/api/visits?since=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
        'qhOps',
      );
      expect(future.body.items).toEqual([]);

      expect((await call<PageBody<VisitBody>>('GET', '/api/visits', 'xzAdmin')).body.items).toEqual(
        [],
      );
      const anyId = seen[0];
      expect((await call('GET', `/api/visits/${anyId}`, 'xzAdmin')).status).toBe(404);
      expect((await call('GET', `/api/visits/${anyId}`, 'field2')).status).toBe(200);
      expect((await call('GET', `/api/visits/${randomUUID()}`, 'qhOps')).status).toBe(404);
      expect((await call('GET', '/api/visits?cursor=garbage', 'qhOps')).status).toBe(400);
      expect((await call('GET', '/api/visits?since=yesterday', 'qhOps')).status).toBe(400);
    });
  });

  describe('read models', () => {
    it('incident.status_changed updates the incident replica; each event applies once', async () => {
      const event = await publish('incident.status_changed', incidentA, {
        incidentId: incidentA,
        from: 'open',
        to: 'responding',
        leadOrgCode: 'GL',
      });
      await tap.publishRaw(event);
      await eventually(async () => {
        const [row] = await db().query<{ status: string }[]>(
          `SELECT status FROM incident_replica WHERE id = $1`,
          [incidentA],
        );
        return row?.status === 'responding' ? true : undefined;
      });
      await eventually(async () =>
        (await count('inbox WHERE event_id = $1', [event.id])) === 1 ? true : undefined,
      );
    });
  });
});
