import { randomUUID } from 'node:crypto';
import { FieldFixture, startFieldFixture } from '../../testing/field-fixture';

// POST /api/visits answers with a view built from what it wrote: it must be the stored visit's.
describe('POST /api/visits answers with the stored visit (real Postgres and broker)', () => {
  let f: FieldFixture;
  beforeAll(async () => {
    f = await startFieldFixture({ people: 3 });
  });
  afterAll(() => f?.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    f.service.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${f.tokens.field1}` },
      ...(payload ? { payload } : {}),
    });

  it('the answer equals GET /api/visits/:id and the list item, field for field', async () => {
    const [p1, p2, p3] = f.people;
    if (!p1 || !p2 || !p3) throw new Error('three people expected');
    const id = randomUUID();
    const posted = await call('POST', '/api/visits', {
      id: id.toUpperCase(),
      teamId: f.teamId,
      siteId: f.siteId,
      visitedAt: '2026-12-01T08:30:00.120+08:00',
      location: { lat: 34.9171, lon: 98.2153 },
      notes: '带了棉衣',
      beneficiaries: [
        // Goods of one person in the order sent, a later person's first: read back by beneficiary.
        {
          beneficiaryId: p2.beneficiaryId,
          goods: [
            { itemCode: 'COAT', quantity: 2 },
            { itemCode: 'BLANKET', quantity: 1 },
          ],
          needs: ['medical', 'psychological'],
          receiptSha256: 'A'.repeat(64),
        },
        {
          beneficiaryId: p1.beneficiaryId,
          cash: { disbursementId: p1.disbursementId, amountFen: p1.amountFen },
          goods: [{ itemCode: 'RICE', quantity: 5 }],
        },
        // Cash this service has not seen approved yet: the visit waits for verification.
        {
          beneficiaryId: p3.beneficiaryId,
          cash: { disbursementId: randomUUID(), amountFen: 500 },
        },
      ],
    });
    expect(posted.statusCode).toBe(201);
    const view = posted.json<Record<string, unknown>>();
    expect(view).toMatchObject({ id, status: 'pending_verification', notes: '带了棉衣' });

    const got = await call('GET', `/api/visits/${id}`);
    const { receipts, ...stored } = got.json<Record<string, unknown>>();
    expect(receipts).toBeDefined();
    expect(view).toStrictEqual(stored);
    const listed = await call('GET', `/api/visits?siteId=${f.siteId}`);
    expect(listed.json<{ items: unknown[] }>().items).toContainEqual(view);

    // A duplicate resend answers 200 with the same stored visit.
    const again = await call('POST', '/api/visits', {
      id,
      teamId: f.teamId,
      siteId: f.siteId,
      visitedAt: '2026-12-01T00:30:00.120Z',
      location: { lat: 34.9171, lon: 98.2153 },
      notes: '带了棉衣',
      beneficiaries: [
        {
          beneficiaryId: p2.beneficiaryId,
          goods: [
            { itemCode: 'COAT', quantity: 2 },
            { itemCode: 'BLANKET', quantity: 1 },
          ],
          needs: ['psychological', 'medical'],
          receiptSha256: 'a'.repeat(64),
        },
        {
          beneficiaryId: p1.beneficiaryId,
          cash: { disbursementId: p1.disbursementId, amountFen: p1.amountFen },
          goods: [{ itemCode: 'RICE', quantity: 5 }],
        },
        {
          beneficiaryId: p3.beneficiaryId,
          cash: {
            disbursementId: (view.beneficiaries as { cash?: { disbursementId: string } }[])[2]?.cash
              ?.disbursementId,
            amountFen: 500,
          },
        },
      ],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toStrictEqual(view);
  });
});
