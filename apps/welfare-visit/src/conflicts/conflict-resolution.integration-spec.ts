import { randomUUID } from 'node:crypto';
import { FieldFixture, FieldUser, startFieldFixture } from '../testing/field-fixture';

interface ConflictItem {
  id: string;
  visitId: string;
  kind: string;
  incomingVisitId?: string;
  status: string;
  resolution?: string;
  replaced?: { notes?: string };
  incoming: { id: string; notes?: string };
}

describe('visit conflicts: cash taken twice is kept, ops resolve (real Postgres and broker)', () => {
  let f: FieldFixture;
  const call = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    url: string,
    who: FieldUser,
    payload?: unknown,
  ) => {
    const res = await f.service.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${f.tokens[who]}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return {
      status: res.statusCode,
      body: res.json<T & { details?: { field: string; problem: string }[] }>(),
    };
  };
  const visit = (person: number, extra: Record<string, unknown> = {}) => {
    const p = f.people[person];
    if (!p) throw new Error(`no person ${person}`);
    return {
      id: randomUUID(),
      teamId: f.teamId,
      siteId: f.siteId,
      visitedAt: '2021-05-26T10:00:00+08:00',
      beneficiaries: [
        {
          beneficiaryId: p.beneficiaryId,
          cash: { disbursementId: p.disbursementId, amountFen: p.amountFen },
        },
      ],
      ...extra,
    };
  };
  const conflictsOf = async (visitId: string) =>
    (
      await call<{ items: ConflictItem[] }>('GET', '/api/visits/conflicts?limit=200', 'glOps')
    ).body.items.filter((c) => c.visitId === visitId);

  beforeAll(async () => {
    f = await startFieldFixture({ people: 3 });
  });
  afterAll(() => f?.close());

  it('two devices hand over the same cash: one accepted, the other kept as a conflict both can see', async () => {
    const first = visit(0);
    const second = visit(0, { notes: 'the other phone' });
    const one = await call('POST', '/api/visits/batch', 'field1', { visits: [first] });
    const two = await call<{
      results: { id: string; status: string; details?: { problem: string }[] }[];
    }>('POST', '/api/visits/batch', 'field2', { visits: [second] });
    expect(one.status).toBe(200);
    expect(two.body.results[0]).toMatchObject({ id: second.id, status: 'rejected' });
    const problem = two.body.results[0]?.details?.[0]?.problem ?? '';
    const conflictId = /conflict ([0-9a-f-]{36})/.exec(problem)?.[1];
    expect(conflictId).toBeDefined();

    const kept = await conflictsOf(first.id);
    expect(kept).toEqual([
      expect.objectContaining({
        id: conflictId,
        kind: 'cash_handed_over',
        incomingVisitId: second.id,
        status: 'open',
        incoming: expect.objectContaining({ id: second.id, notes: 'the other phone' }),
      }),
    ]);
    // The same device resending keeps one conflict, not one per retry.
    await call('POST', '/api/visits/batch', 'field2', { visits: [second] });
    expect(await conflictsOf(first.id)).toHaveLength(1);

    // accept_incoming cannot move the money; keep_existing resolves, once.
    const refused = await call('POST', `/api/visits/conflicts/${conflictId}/resolve`, 'glOps', {
      resolution: 'accept_incoming',
      note: 'second team says they paid',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details?.[0]?.field).toBe('resolution');
    const resolved = await call('POST', `/api/visits/conflicts/${conflictId}/resolve`, 'glOps', {
      resolution: 'keep_existing',
      note: 'paid once by team 1; team 2 returns the cash',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'keep_existing' });
    const again = await call('POST', `/api/visits/conflicts/${conflictId}/resolve`, 'glOps', {
      resolution: 'keep_existing',
      note: 'twice',
    });
    expect(again.status).toBe(409);
    expect((await conflictsOf(first.id))[0]).toMatchObject({ status: 'resolved' });
  });

  it('accept_incoming on a resent visit: the incoming version stands, the replaced one is kept in history', async () => {
    const original = visit(1, { notes: 'first draft' });
    expect((await call('POST', '/api/visits', 'field1', original)).status).toBe(201);
    const edited = { ...original, notes: 'corrected on the device' };
    expect((await call('POST', '/api/visits', 'field1', edited)).status).toBe(409);
    const [kept] = await conflictsOf(original.id);
    expect(kept).toMatchObject({ kind: 'same_id', status: 'open' });

    const res = await call('POST', `/api/visits/conflicts/${kept?.id}/resolve`, 'glOps', {
      resolution: 'accept_incoming',
      note: 'the correction is right',
    });
    expect(res.status).toBe(200);
    const now = await call<{ notes?: string }>('GET', `/api/visits/${original.id}`, 'field1');
    expect(now.body.notes).toBe('corrected on the device');
    const [after] = await conflictsOf(original.id);
    expect(after).toMatchObject({
      status: 'resolved',
      resolution: 'accept_incoming',
      replaced: expect.objectContaining({ notes: 'first draft' }),
    });
    // The accepted version resent is now a plain duplicate.
    expect((await call('POST', '/api/visits', 'field1', edited)).status).toBe(200);
  });

  it('refuses accept_incoming that would change money, and resolving outside scope or role', async () => {
    const original = visit(2);
    expect((await call('POST', '/api/visits', 'field1', original)).status).toBe(201);
    const lessCash = {
      ...original,
      beneficiaries: [{ beneficiaryId: f.people[2]?.beneficiaryId }],
    };
    expect((await call('POST', '/api/visits', 'field1', lessCash)).status).toBe(409);
    const [kept] = await conflictsOf(original.id);
    const url = `/api/visits/conflicts/${kept?.id}/resolve`;
    const body = { resolution: 'accept_incoming', note: 'try' };
    const money = await call('POST', url, 'glOps', body);
    expect(money.status).toBe(422);
    expect(money.body.details?.[0]?.problem).toContain('cash');
    expect((await call('POST', url, 'field1', body)).status).toBe(403);
    expect((await call('POST', url, 'outsider', body)).status).toBe(404);
    const bad = await call('POST', url, 'glOps', { resolution: 'merge', extra: 1 });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.details?.map((d) => d.field))).toEqual(
      new Set(['resolution', 'note', 'extra']),
    );
    // Nothing moved: the cash line is still there.
    const stored = await call<{ beneficiaries: { cash?: unknown }[] }>(
      'GET',
      `/api/visits/${original.id}`,
      'field1',
    );
    expect(stored.body.beneficiaries[0]?.cash).toBeDefined();
  });
});
