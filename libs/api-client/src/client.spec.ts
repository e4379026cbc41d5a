import { ApiError } from './api-error';
import { createApiClient, idempotencyKey, ok, retryAfterSeconds } from './client';

const FUND_ID = '00000000-0000-4000-8000-000000000001';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('api client', () => {
  it('sends the bearer token and Idempotency-Key, and returns the documented body', async () => {
    const seen: Request[] = [];
    const api = createApiClient({
      baseUrl: 'http://api.test',
      token: () => 'T1',
      fetch: async (input) => {
        seen.push(input as Request);
        return json(201, { id: 'd1', status: 'requested' });
      },
    });
    const created = await ok(
      api.POST('/api/disbursements', {
        params: { header: idempotencyKey('k-1') },
        body: { fundId: FUND_ID, beneficiaryId: FUND_ID, amountFen: 100, purpose: 'condolence' },
      }),
    );
    expect(created).toMatchObject({ id: 'd1', status: 'requested' });
    expect(seen[0]?.url).toBe('http://api.test/api/disbursements');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer T1');
    expect(seen[0]?.headers.get('idempotency-key')).toBe('k-1');
  });

  it('throws an ApiError in the contract shape for a non-2xx answer', async () => {
    const errors: number[] = [];
    const api = createApiClient({
      baseUrl: 'http://api.test',
      onError: (error) => {
        errors.push(error.status);
      },
      fetch: async () =>
        json(422, {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: 'insufficient balance',
          details: [{ field: 'amountFen', problem: 'exceeds the fund' }],
        }),
    });
    const call = api.GET('/api/funds/{id}', { params: { path: { id: FUND_ID } } });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    const error = (await call.catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.route).toBe('GET /api/funds/{id}');
    expect(error.problemOf('amountFen')).toBe('exceeds the fund');
    expect(errors).toEqual([422]);
  });

  it('waits out a 429 for the seconds in Retry-After and sends the same request again', async () => {
    const waits: number[] = [];
    const bodies: string[] = [];
    let calls = 0;
    const api = createApiClient({
      baseUrl: 'http://api.test',
      retryOn429: 3,
      sleep: async (ms) => {
        waits.push(ms);
      },
      fetch: async (input) => {
        bodies.push(await (input as Request).clone().text());
        calls += 1;
        return calls < 3
          ? json(
              429,
              { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
              { 'retry-after': '2' },
            )
          : json(201, { id: 'f1' });
      },
    });
    await ok(
      api.POST('/api/stock/receipts', {
        body: { orgCode: 'QH', itemCode: 'coat', name: 'Coat', quantity: 1 },
      }),
    );
    expect(waits).toEqual([2000, 2000]);
    expect(new Set(bodies).size).toBe(1);
    expect(calls).toBe(3);
  });

  it('without retries a 429 is an ApiError like any other', async () => {
    const api = createApiClient({
      baseUrl: 'http://api.test',
      fetch: async () => json(429, { statusCode: 429, error: 'Too Many Requests', message: 'x' }),
    });
    await expect(ok(api.GET('/api/ops/lag'))).rejects.toMatchObject({ status: 429 });
  });

  it('reads Retry-After as seconds or a date, at least 1 s', () => {
    const at = (value: string) =>
      new Response(null, { status: 429, headers: { 'retry-after': value } });
    expect(retryAfterSeconds(at('3'))).toBe(3);
    expect(retryAfterSeconds(at('0'))).toBe(1);
    expect(retryAfterSeconds(at(new Date(10_000).toUTCString()), 5_000)).toBe(5);
    expect(retryAfterSeconds(new Response(null, { status: 429 }))).toBe(1);
  });
});
