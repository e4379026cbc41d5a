// Watches the ops stream (SSE through the gateway) and notes when each aggregate's event arrives:
// the arrival is after ops-monitor applied the event to its projection, so a visit's
// commit → arrival is its commit → projection latency.
import { nowMs } from './measure';

export class StreamWatch {
  private readonly arrived = new Map<string, number>();
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  async open(base: string, token: string, types: string): Promise<void> {
    const response = await fetch(`${base}/api/ops/stream?types=${types}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`ops stream: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    this.done = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            this.frame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted at close
      }
    })();
  }

  private frame(text: string): void {
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    if (!data) return;
    try {
      const envelope = JSON.parse(data.slice(6)) as { aggregateId?: string };
      if (envelope.aggregateId && !this.arrived.has(envelope.aggregateId))
        this.arrived.set(envelope.aggregateId, nowMs());
    } catch {
      // a heartbeat or a non-JSON frame
    }
  }

  arrivalOf(aggregateId: string): number | undefined {
    return this.arrived.get(aggregateId);
  }

  /** Waits until every id has arrived (or the timeout) and returns commit → arrival in ms. */
  async latencies(committed: Map<string, number>, timeoutMs = 60_000): Promise<number[]> {
    const until = Date.now() + timeoutMs;
    while ([...committed.keys()].some((id) => !this.arrived.has(id)) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const out: number[] = [];
    for (const [id, at] of committed) {
      const seen = this.arrived.get(id);
      if (seen !== undefined) out.push(Math.max(0, seen - at));
    }
    return out;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
