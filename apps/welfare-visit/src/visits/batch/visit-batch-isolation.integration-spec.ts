import { randomUUID } from 'node:crypto';
import { startVisitWorld, VisitWorld, VISITED_AT } from '../../testing/visit-test-kit';

interface SyncResult {
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  retryable?: boolean;
  details?: { field: string; problem: string }[];
}

// One bad visit — malformed text, or a transaction that fails for no fault of the visit — never
// takes the others down with it, in whichever position it comes.
describe('POST /api/visits/batch answers per item (real Postgres, real broker)', () => {
  let world: VisitWorld;

  const visit = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    teamId: world.teamId,
    siteId: world.siteId,
    visitedAt: VISITED_AT,
    beneficiaries: [{ beneficiaryId: world.beneficiaryIds[0] }],
    ...overrides,
  });
  const sync = async (visits: unknown[]) => {
    const res = await world.service.app.inject({
      method: 'POST',
      url: '/api/visits/batch',
      headers: { authorization: `Bearer ${world.fieldToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ visits }),
    });
    return { status: res.statusCode, results: res.json<{ results: SyncResult[] }>().results };
  };
  const stored = async (ids: string[]) =>
    (
      await world
        .db()
        .query<{ id: string }[]>(`SELECT id FROM visits WHERE id = ANY($1::uuid[])`, [ids])
    ).map((r) => r.id);

  beforeAll(async () => {
    world = await startVisitWorld(2);
    // A fault of the database, not of the visit: any visit whose notes say so fails on insert.
    await world.db().query(`
      CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.notes = 'simulate a storage fault' THEN RAISE EXCEPTION 'disk on fire'; END IF;
        RETURN NEW;
      END $$`);
    await world
      .db()
      .query(
        `CREATE TRIGGER fail_on_marker BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION fail_on_marker()`,
      );
  });
  afterAll(() => world?.stop());

  it.each([
    ['NUL byte in notes', { notes: 'tent\u0000 collapsed' }, 'visits.0.notes'],
    ['lone surrogate in notes', { notes: 'tent \ud800 collapsed' }, 'visits.0.notes'],
  ])(
    '[bad, good] with a %s → 200, the bad one rejected naming its field, the good one stored',
    async (_, bad, field) => {
      const [b, g] = [visit(bad), visit()];
      const res = await sync([b, g]);
      expect(res.status).toBe(200);
      expect(res.results[0]).toMatchObject({ id: b.id, status: 'rejected', details: [{ field }] });
      expect(res.results[1]).toMatchObject({ id: g.id, status: 'accepted' });
      expect(await stored([b.id, g.id])).toEqual([g.id]);
    },
  );

  it('[good, bad] with a NUL inside a nested field name → the good one stored, the bad one rejected', async () => {
    const [g, b] = [
      visit(),
      visit({ beneficiaries: [{ beneficiaryId: world.beneficiaryIds[1], ['x\u0000']: 1 }] }),
    ];
    const res = await sync([g, b]);
    expect(res.status).toBe(200);
    expect(res.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(res.results[1]?.details?.[0]?.field).toMatch(/^visits\.1\.beneficiaries\.0\./);
    expect(await stored([g.id, b.id])).toEqual([g.id]);
  });

  it.each([['first'], ['last']])(
    'an unexpected error in the %s item’s transaction → that item rejected (retryable), the others accepted',
    async (where) => {
      const faulty = visit({ notes: 'simulate a storage fault' });
      const good = [visit(), visit()];
      const items = where === 'first' ? [faulty, ...good] : [...good, faulty];
      const res = await sync(items);
      expect(res.status).toBe(200);
      const byId = new Map(res.results.map((r) => [r.id, r]));
      expect(byId.get(faulty.id)).toMatchObject({
        status: 'rejected',
        retryable: true,
        details: [{ field: `visits.${items.indexOf(faulty)}` }],
      });
      for (const v of good) expect(byId.get(v.id)?.status).toBe('accepted');
      expect((await stored(items.map((v) => v.id))).sort()).toEqual(good.map((v) => v.id).sort());
      // Nothing half-way: no line, follow-up, event or audit row of the faulty visit.
      const [left] = await world.db().query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM visit_beneficiaries WHERE visit_id = $1)
              + (SELECT count(*) FROM outbox WHERE aggregate_id = $1::text) AS n`,
        [faulty.id],
      );
      expect(Number(left?.n)).toBe(0);
    },
  );

  it('POST /api/visits (single) with a NUL → 400 naming the field', async () => {
    const res = await world.service.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { authorization: `Bearer ${world.fieldToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(visit({ notes: 'a\u0000b' })),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ field: 'notes' }] });
  });
});
