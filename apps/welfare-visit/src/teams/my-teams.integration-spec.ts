import { randomUUID } from 'node:crypto';
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

  it("GET /api/teams lists the teams of the caller's subtree, of one incident when asked", async () => {
    const list = async (who: 'field1' | 'outsider' | 'glOps', query = '') =>
      (
        await f.service.app.inject({
          method: 'GET',
          url: `/api/teams${query}`,
          headers: { authorization: `Bearer ${f.tokens[who]}` },
        })
      ).json<{ items: { id: string; sites: { name: string }[] }[] }>();
    // Ops above the team's org see it with its sites; another province sees nothing.
    expect((await list('glOps')).items).toEqual([
      expect.objectContaining({
        id: f.teamId,
        sites: [expect.objectContaining({ name: 'Zhalinghu' })],
      }),
    ]);
    expect((await list('glOps', `?incidentId=${f.incidentId}`)).items).toHaveLength(1);
    expect((await list('glOps', `?incidentId=${randomUUID()}`)).items).toEqual([]);
    expect((await list('outsider')).items).toEqual([]);
  });
});
