import { EventEmitter } from 'node:events';
import { LoggedEvent, SseClient, SseSink, StreamFilter } from './sse-client';

/** A socket that accepts `capacity` writes before it reports backpressure and never drains by itself. */
class StuckSink extends EventEmitter implements SseSink {
  readonly written: string[] = [];
  ended = false;
  destroyed = false;
  constructor(private capacity: number) {
    super();
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    return --this.capacity > 0;
  }
  end(): void {
    this.ended = true;
  }
  drain(capacity: number): void {
    this.capacity = capacity;
    this.emit('drain');
  }
}

const everyone: StreamFilter = { types: new Set(), orgCodes: new Set(['QH']) };
const event = (seq: number, over: Partial<LoggedEvent> = {}): LoggedEvent => ({
  seq,
  type: 'system.probe',
  incidentId: null,
  orgCode: null,
  envelope: { seq },
  ...over,
});

describe('SseClient', () => {
  it('writes id/event/data frames and queues behind a full socket until it drains', () => {
    const sink = new StuckSink(2);
    const client = new SseClient(sink, everyone, 10, () => undefined);
    for (let seq = 1; seq <= 5; seq++) client.offer(event(seq));
    expect(sink.written).toEqual([
      'id: 1\nevent: system.probe\ndata: {"seq":1}\n\n',
      'id: 2\nevent: system.probe\ndata: {"seq":2}\n\n',
    ]);
    expect(client.queued).toBe(3);
    sink.drain(100);
    expect(sink.written).toHaveLength(5);
    expect(client.queued).toBe(0);
  });

  it('drops a client whose queue overflows, telling it why and where it stopped, without blocking the offerer', () => {
    const sink = new StuckSink(1);
    const closed: string[] = [];
    const client = new SseClient(sink, everyone, 3, (_c, reason) => closed.push(reason));
    for (let seq = 1; seq <= 10; seq++) client.offer(event(seq));
    expect(closed).toEqual(['slow_client']);
    expect(sink.ended).toBe(true);
    const last = sink.written[sink.written.length - 1];
    expect(last.startsWith('event: dropped\ndata: ')).toBe(true);
    expect(JSON.parse(last.split('data: ')[1])).toEqual({
      reason: 'slow_client',
      queued: 3,
      limit: 3,
      lastEventId: 1,
    });
    expect(client.isClosed).toBe(true);
  });

  it('filters by type, incident and the reader’s org scope', () => {
    const sink = new StuckSink(100);
    const filter: StreamFilter = {
      types: new Set(['fund.created']),
      incidentId: 'i1',
      orgCodes: new Set(['QH']),
    };
    const client = new SseClient(sink, filter, 10, () => undefined);
    client.offer(event(1, { type: 'fund.created', incidentId: 'i1', orgCode: 'QH' }));
    client.offer(event(2, { type: 'fund.allocated', incidentId: 'i1', orgCode: 'QH' }));
    client.offer(event(3, { type: 'fund.created', incidentId: 'i2', orgCode: 'QH' }));
    client.offer(event(4, { type: 'fund.created', incidentId: 'i1', orgCode: 'XZ' }));
    expect(sink.written.map((w) => w.split('\n')[0])).toEqual(['id: 1']);
  });
});
