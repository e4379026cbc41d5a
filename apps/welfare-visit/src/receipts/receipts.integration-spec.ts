import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FieldFixture, FieldUser, startFieldFixture } from '../testing/field-fixture';

const MAX_BYTES = 64 * 1024;
type Who = FieldUser;

/** A JPEG-signed image of `size` bytes (random content: every call a different hash). */
const jpeg = (size = 2048) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('visit receipts (PUT/GET /api/visits/:id/receipts/:sha256, real Postgres and broker)', () => {
  let f: FieldFixture;
  const visitId = randomUUID();
  const receiptA = jpeg();
  const receiptB = jpeg();

  async function count(table: string): Promise<number> {
    const [row] = await f.db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    return row?.n ?? -1;
  }
  const put = (
    who: Who | null,
    id: string,
    hash: string,
    body: Buffer | string,
    type = 'image/jpeg',
  ) =>
    f.service.app.inject({
      method: 'PUT',
      url: `/api/visits/${id}/receipts/${hash}`,
      headers: {
        ...(who ? { authorization: `Bearer ${f.tokens[who]}` } : {}),
        'content-type': type,
      },
      payload: body,
    });
  const get = (who: Who, url: string) =>
    f.service.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${f.tokens[who]}` },
    });

  beforeAll(async () => {
    f = await startFieldFixture({ env: { RECEIPT_MAX_BYTES: String(MAX_BYTES) } });
    const [p1, p2] = f.people;
    const logged = await f.service.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { authorization: `Bearer ${f.tokens.field1}` },
      payload: {
        id: visitId,
        teamId: f.teamId,
        siteId: f.siteId,
        visitedAt: '2021-05-26T10:00:00+08:00',
        beneficiaries: [
          { beneficiaryId: p1?.beneficiaryId, receiptSha256: sha(receiptA) },
          { beneficiaryId: p2?.beneficiaryId, receiptSha256: sha(receiptB).toUpperCase() },
        ],
      },
    });
    expect(logged.statusCode).toBe(201);
  });

  afterAll(() => f?.close());

  it('stores a listed receipt (201), lists it as stored, and serves the identical bytes', async () => {
    const res = await put('field1', visitId, sha(receiptA), receiptA);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ sha256: sha(receiptA), stored: true });

    const visit = await get('field1', `/api/visits/${visitId}`);
    expect(visit.json<{ receipts: unknown[] }>().receipts).toEqual(
      [
        { sha256: sha(receiptA), stored: true },
        { sha256: sha(receiptB), stored: false },
      ].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    );

    const image = await get(
      'glOps',
      `/api/visits/${visitId}/receipts/${sha(receiptA).toUpperCase()}`,
    );
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('private, no-store');
    expect(sha(image.rawPayload)).toBe(sha(receiptA));
  });

  it('answers a re-PUT of a stored receipt with 200 and stores nothing twice', async () => {
    const first = await put('field1', visitId, sha(receiptB), receiptB);
    expect(first.statusCode).toBe(201);
    const [blobs, links] = [await count('receipt_blobs'), await count('visit_receipts')];
    const again = await put('field1', visitId, sha(receiptB), receiptB);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ sha256: sha(receiptB), stored: true });
    expect([await count('receipt_blobs'), await count('visit_receipts')]).toEqual([blobs, links]);
  });

  it('refuses bytes whose SHA-256 is not the path hash (422) and stores nothing', async () => {
    const other = jpeg();
    const [blobs, links] = [await count('receipt_blobs'), await count('visit_receipts')];
    // receiptA's hash is listed by the visit; a different image sent under it is not that receipt.
    const res = await put('field1', visitId, sha(receiptA), other);
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([
      { field: 'body', problem: expect.stringContaining(sha(other)) },
    ]);
    expect([await count('receipt_blobs'), await count('visit_receipts')]).toEqual([blobs, links]);
  });

  it('refuses a receipt the visit does not list (422 naming sha256)', async () => {
    const stray = jpeg();
    const res = await put('field1', visitId, sha(stray), stray);
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ field: 'sha256', problem: expect.any(String) }]);
  });

  it('accepts only JPEG, PNG and WebP whose bytes are what they claim (415 otherwise)', async () => {
    const gif = Buffer.from('GIF89a-not-a-receipt');
    for (const [type, body, field] of [
      ['image/gif', gif, 'content-type'],
      ['text/plain', 'hello', 'content-type'],
      ['image/png', receiptA, 'body'],
      ['image/jpeg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'body'],
    ] as const) {
      const res = await put('field1', visitId, sha(Buffer.from(body)), body, type);
      expect({ type, status: res.statusCode }).toEqual({ type, status: 415 });
      expect(res.json()).toMatchObject({ statusCode: 415, details: [{ field }] });
    }
    // Not an image at all: Fastify refuses it before reading the body, in the same error shape.
    const octets = await put(
      'field1',
      visitId,
      sha(receiptA),
      receiptA,
      'application/octet-stream',
    );
    expect(octets.statusCode).toBe(415);
    expect(octets.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('refuses an image over RECEIPT_MAX_BYTES with 413 in the error shape', async () => {
    const big = jpeg(MAX_BYTES + 1);
    const res = await put('field1', visitId, sha(big), big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('never stores or serves a receipt outside the visit scope (404), nor without a token (401)', async () => {
    const stored = sha(receiptA);
    expect((await put('outsider', visitId, stored, receiptA)).statusCode).toBe(404);
    expect((await get('outsider', `/api/visits/${visitId}/receipts/${stored}`)).statusCode).toBe(
      404,
    );
    expect((await put(null, visitId, stored, receiptA)).statusCode).toBe(401);
    // A hash that is stored, asked for through a visit that never confirmed it.
    expect((await get('field1', `/api/visits/${randomUUID()}/receipts/${stored}`)).statusCode).toBe(
      404,
    );
  });

  it('names a malformed hash or visit id in the path (400)', async () => {
    const bad = await put('field1', visitId, 'abc', receiptA);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: 'sha256', problem: expect.any(String) }]);
    const badId = await put('field1', 'not-a-uuid', sha(receiptA), receiptA);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().details).toEqual([{ field: 'id', problem: 'must be a UUID' }]);
  });
});
