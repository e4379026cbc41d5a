import { MessagingRuntime } from '@aidflow/messaging';
import { EventTap, eventually, TestService } from '@aidflow/testing';
import { OpsConfig } from '../config/ops.config';
import {
  opsToken,
  registerOrgs,
  ROOT_ORG,
  SseFrame,
  SseReader,
  startOps,
} from '../testing/ops-test-kit';

const STREAM_ENV = { STREAM_POLL_MS: '50', STREAM_HEARTBEAT_MS: '300' };

// Two ops-monitor replicas on one schema: their consumers split the partitions, yet a stream on
// either replica carries every event (it follows the shared event_log), with the same ids, so a
// client resumes on the other replica with Last-Event-ID and misses nothing.
describe('ops-monitor event stream across two replicas', () => {
  let first: TestService<OpsConfig>;
  let second: TestService<OpsConfig>;
  let tap: EventTap;
  const bases: string[] = [];
  let token: string;
  const readers: SseReader[] = [];

  const open = async (base: string, headers: Record<string, string> = {}) => {
    const reader = await SseReader.open(`${base}/api/ops/stream?types=system.probe`, {
      authorization: `Bearer ${token}`,
      ...headers,
    });
    readers.push(reader);
    return reader;
  };
  const probeIds = (frames: SseFrame[]) =>
    frames.map((f) => (JSON.parse(f.data) as { id: string }).id);
  // Different keys land on different partitions, so both replicas' consumers take part.
  let published = 0;
  const publish = async (from: number, count: number) => {
    published += count;
    const ids: string[] = [];
    for (let seq = from; seq < from + count; seq++)
      ids.push((await tap.publish('system.probe', `probe-${seq}`, { seq })).id);
    return ids;
  };
  const partitions = (service: TestService<OpsConfig>) =>
    service.app.get(MessagingRuntime).inbox?.supervisor?.assignment ?? {};

  beforeAll(async () => {
    first = await startOps(STREAM_ENV);
    second = await startOps({
      ...STREAM_ENV,
      DB_SCHEMA: first.schema,
      KAFKA_TOPIC_PREFIX: first.topicPrefix,
    });
    for (const service of [first, second]) {
      await service.app.listen({ port: 0, host: '127.0.0.1' });
      bases.push(await service.app.getUrl());
    }
    const opsTopic = `${first.topicPrefix}aidflow.ops.v1`;
    await eventually(
      async () =>
        [first, second].every((s) => (partitions(s)[opsTopic] ?? []).length === 2)
          ? true
          : undefined,
      { what: 'both consumers holding half of the partitions', timeoutMs: 30_000 },
    );
    tap = await new EventTap(first.topicPrefix).start();
    await registerOrgs(first, tap, [[ROOT_ORG]]);
    token = await opsToken(['ops']);
  }, 90_000);

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await tap?.stop();
    // The second shares the first's schema: only the first drops it.
    await second?.app.close();
    await first?.close();
  });

  it('a stream on either replica sees every event, with the same ids on both', async () => {
    const opsTopic = `${first.topicPrefix}aidflow.ops.v1`;
    const held = [first, second].map((s) => partitions(s)[opsTopic] ?? []);
    expect([...held[0], ...held[1]].sort()).toEqual([0, 1, 2, 3]);

    const onFirst = await open(bases[0]);
    const onSecond = await open(bases[1]);
    const ids = await publish(1, 24);
    const [a, b] = await Promise.all([onFirst.waitFor(24), onSecond.waitFor(24)]);
    expect(new Set(probeIds(a))).toEqual(new Set(ids));
    expect(probeIds(b)).toEqual(probeIds(a));
    expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
  });

  it('resuming on the other replica with Last-Event-ID misses nothing and repeats nothing', async () => {
    const onFirst = await open(bases[0]);
    const before = await publish(100, 10);
    const seen = await onFirst.waitFor(10);
    expect(new Set(probeIds(seen))).toEqual(new Set(before));
    // The client saw four events on the first replica, lost it, and reconnects to the second.
    onFirst.close();
    const resumed = await open(bases[1], { 'last-event-id': seen[3].id! });
    const replayed = await resumed.waitFor(6);
    expect(probeIds(replayed)).toEqual(probeIds(seen.slice(4)));
    const later = await publish(200, 8);
    const all = await resumed.waitFor(14);
    expect(new Set(probeIds(all.slice(6)))).toEqual(new Set(later));
    expect(new Set(probeIds(all)).size).toBe(14);
  });

  it('a replay from the start comes in log order, past seq 9 and 99 too', async () => {
    await publish(300, 110);
    const replay = await open(bases[1], { 'last-event-id': '0' });
    // 150 events through the broker, both replicas' projections and the log: generous under CI load.
    const frames = await replay.waitFor(published, undefined, 90_000);
    const seqs = frames.map((f) => Number(f.id));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    expect(Math.max(...seqs)).toBeGreaterThan(100);
  }, 120_000);
});
