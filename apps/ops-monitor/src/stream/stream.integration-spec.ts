import { EventTap, TestService } from '@aidflow/testing';
import { OpsConfig } from '../config/ops.config';
import {
  opsToken,
  registerOrgs,
  ROOT_ORG,
  SseReader,
  startOps,
  waitLogged,
} from '../testing/ops-test-kit';

describe('ops-monitor event stream (SSE)', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let base: string;
  let token: string;
  const readers: SseReader[] = [];

  async function probe(seq: number): Promise<string> {
    // One aggregate key: one partition, so the broker keeps these in publish order.
    return (await tap.publish('system.probe', 'stream-probe', { seq, note: `probe ${seq}` })).id;
  }

  async function open(query: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = await SseReader.open(`${base}/api/ops/stream${query}`, headers);
    readers.push(reader);
    return reader;
  }

  beforeAll(async () => {
    service = await startOps({ STREAM_POLL_MS: '50', STREAM_HEARTBEAT_MS: '300' });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    base = await service.app.getUrl();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [[ROOT_ORG]]);
    token = await opsToken(['ops']);
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await tap?.stop();
    await service?.close();
  });

  it('delivers events in order with the log seq as id, then resumes after Last-Event-ID', async () => {
    const live = await open('?types=system.probe', { authorization: `Bearer ${token}` });
    const ids = [];
    for (let seq = 1; seq <= 5; seq++) ids.push(await probe(seq));
    const frames = await live.waitFor(5, 'system.probe');
    expect(frames.map((f) => (JSON.parse(f.data) as { data: { seq: number } }).data.seq)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(frames.map((f) => (JSON.parse(f.data) as { id: string }).id)).toEqual(ids);
    const seqs = frames.map((f) => Number(f.id));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);

    // A client that saw up to probe 2 reconnects: it gets 3, 4, 5 from the log, then 6 live.
    const resumed = await open('?types=system.probe', {
      authorization: `Bearer ${token}`,
      'last-event-id': frames[1]?.id as string,
    });
    await resumed.waitFor(3, 'system.probe');
    await probe(6);
    const after = await resumed.waitFor(4, 'system.probe');
    expect(after.map((f) => (JSON.parse(f.data) as { data: { seq: number } }).data.seq)).toEqual([
      3, 4, 5, 6,
    ]);
    expect(after.slice(0, 3).map((f) => f.id)).toEqual(frames.slice(2).map((f) => f.id));
    await live.waitFor(6, 'system.probe');
    expect(resumed.comments).toBeGreaterThan(0); // the hello comment and heartbeats
  });

  it('filters by type and incident, and takes the token from ?access_token= (EventSource) too', async () => {
    const incidentId = '7d9a3a6e-3c1f-4d8e-9f55-0b7c1c6a2e11';
    const other = '0c1d6f1e-8a43-4c55-b4e6-8a1f4f2a9d22';
    const filtered = await open(`?incidentId=${incidentId}&lastEventId=0&access_token=${token}`);
    const site = (id: string, incident: string) => ({
      siteId: id,
      incidentId: incident,
      name: 'site',
      kind: 'resettlement' as const,
      areaCode: '632626',
      orgCode: ROOT_ORG,
      registeredAt: new Date().toISOString(),
    });
    const a = await tap.publish(
      'site.registered',
      'a',
      site('f0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a41', other),
    );
    const b = await tap.publish(
      'site.registered',
      'b',
      site('f0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a42', incidentId),
    );
    await waitLogged(service, [a.id, b.id]);
    const frames = await filtered.waitFor(1, 'site.registered');
    await probe(7);
    await new Promise((r) => setTimeout(r, 300));
    expect(filtered.frames.map((f) => (JSON.parse(f.data) as { id: string }).id)).toEqual([b.id]);
    expect(frames[0]?.event).toBe('site.registered');
  });

  it('refuses a missing or bad token (401), a role without access (403), unknown types (400)', async () => {
    expect((await fetch(`${base}/api/ops/stream`)).status).toBe(401);
    expect((await fetch(`${base}/api/ops/stream?access_token=nope`)).status).toBe(401);
    const field = await opsToken(['field']);
    expect(
      (await fetch(`${base}/api/ops/stream`, { headers: { authorization: `Bearer ${field}` } }))
        .status,
    ).toBe(403);
    const bad = await fetch(`${base}/api/ops/stream?types=fund.created,fund.vanished`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ details: [{ field: 'types' }] });
  });
});
