// Issue 11 item 9: concurrent streams per user, and the request budgets, answered 429 in the
// contract's shape with Retry-After (low limits here; the defaults are in BaseServiceConfig/OpsConfig).
import { EventTap, TestService } from '@aidflow/testing';
import { OpsConfig } from '../config/ops.config';
import { signDevToken } from '@aidflow/auth';
import { registerOrgs, ROOT_ORG, SseReader, startOps } from '../testing/ops-test-kit';

const tokenFor = (sub: string) => signDevToken({ sub, roles: ['ops'], orgCode: ROOT_ORG });

describe('ops-monitor limits: streams per user, requests per address and writes per user', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let base: string;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    service = await startOps({
      STREAMS_PER_USER: '2',
      RATE_LIMIT_ANONYMOUS_MAX: '5',
      RATE_LIMIT_WRITES_PER_USER_MAX: '3',
    });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    base = await service.app.getUrl();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG]]);
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await tap?.stop();
    await service?.close();
  });

  const expect429 = async (res: Response) => {
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  };

  it('caps open streams per user (429 with Retry-After), frees a slot when one closes, leaves others alone', async () => {
    const token = await tokenFor('u-streamer');
    const auth = { authorization: `Bearer ${token}` };
    readers.push(await SseReader.open(`${base}/api/ops/stream`, auth));
    const second = await SseReader.open(`${base}/api/ops/stream`, auth);
    await expect429(await fetch(`${base}/api/ops/stream`, { headers: auth }));
    // Another user is not affected.
    const other = await tokenFor('u-other');
    readers.push(
      await SseReader.open(`${base}/api/ops/stream`, { authorization: `Bearer ${other}` }),
    );
    second.close();
    await new Promise((r) => setTimeout(r, 200));
    readers.push(await SseReader.open(`${base}/api/ops/stream`, auth));
  });

  it('limits requests without a valid token per client address, not the probes', async () => {
    const forged = {
      authorization: 'Bearer forged.token.value',
      'x-forwarded-for': '198.51.100.7',
    };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${base}/api/ops/alerts`, { headers: forged })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    await expect429(await fetch(`${base}/api/ops/alerts`, { headers: forged }));
    expect((await fetch(`${base}/health`, { headers: forged })).status).not.toBe(429);
    // The client address is the last untrusted hop: a spoofed X-Forwarded-For from a direct
    // client on loopback picks its own bucket only because loopback is a trusted proxy here.
    const fresh = { authorization: 'Bearer forged', 'x-forwarded-for': '198.51.100.8' };
    expect((await fetch(`${base}/api/ops/alerts`, { headers: fresh })).status).toBe(401);
    // A valid token is not counted against the address.
    const valid = await tokenFor('u-reader');
    const ok = await fetch(`${base}/api/ops/alerts`, {
      headers: { authorization: `Bearer ${valid}`, 'x-forwarded-for': '198.51.100.7' },
    });
    expect(ok.status).toBe(200);
  });

  it('limits writes per user', async () => {
    const token = await tokenFor('u-writer');
    const ack = () =>
      fetch(`${base}/api/ops/alerts/6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11/acknowledge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 3; i++) expect((await ack()).status).toBe(404);
    await expect429(await ack());
    // Reads by the same user are not writes.
    expect(
      (await fetch(`${base}/api/ops/alerts`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
  });
});
