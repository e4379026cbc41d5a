import { FieldFixture, startFieldFixture } from '../testing/field-fixture';

describe('GET /api/teams/mine (real Postgres and broker)', () => {
  let f: FieldFixture;
  beforeAll(async () => {
    f = await startFieldFixture({ people: 1 });
  });
  afterAll(() => f?.close());

  const mine = (who: 'field1' | 'outsider' | 'glOps') =>
    f.service.app.inject({
      method: 'GET',
      url: '/api/teams/mine',
      headers: { authorization: `Bearer ${f.tokens[who]}` },
    });

  it("lists the caller's own teams with their sites' names and incidents, and nobody else's", async () => {
    const res = await mine('field1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({
        id: f.teamId,
        siteIds: [f.siteId],
        sites: [{ id: f.siteId, incidentId: f.incidentId, name: 'Zhalinghu' }],
      }),
    ]);
    // Not a member: ops above the team and an outsider see no team of their own.
    expect((await mine('glOps')).json()).toEqual([]);
    expect((await mine('outsider')).json()).toEqual([]);
  });
});
