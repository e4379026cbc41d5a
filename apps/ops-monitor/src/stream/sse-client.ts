/** The part of an HTTP response an SSE client writes to (Node's ServerResponse has it). */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/** One row of event_log as the stream sends it. */
export interface LoggedEvent {
  seq: number;
  type: string;
  incidentId: string | null;
  orgCode: string | null;
  envelope: unknown;
}

export interface StreamFilter {
  /** Empty: every type. */
  types: ReadonlySet<string>;
  incidentId?: string;
  /** Org codes the reader may see; events of no org are visible to every reader. */
  orgCodes: ReadonlySet<string>;
}

export function matches(filter: StreamFilter, event: LoggedEvent): boolean {
  if (filter.types.size > 0 && !filter.types.has(event.type)) return false;
  if (filter.incidentId && event.incidentId !== filter.incidentId) return false;
  return event.orgCode === null || filter.orgCodes.has(event.orgCode);
}

/** `id:` is the event_log seq, so EventSource's automatic Last-Event-ID resumes exactly there. */
export function eventFrame(event: LoggedEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.envelope)}\n\n`;
}

export type DropReason = 'slow_client';

/**
 * One SSE connection with a bounded queue. Nothing here is ever awaited by whoever offers an
 * event: frames are queued and written as the socket drains; a client whose queue overflows is
 * sent an `event: dropped` with the reason and closed, so it can reconnect with Last-Event-ID.
 */
export class SseClient {
  private readonly queue: { frame: string; seq?: number }[] = [];
  private waitingForDrain = false;
  private replaying = false;
  private closed = false;
  /** Seq of the last event frame handed to the socket. */
  lastSentSeq: number | undefined;

  constructor(
    private readonly sink: SseSink,
    readonly filter: StreamFilter,
    private readonly maxQueued: number,
    private readonly onClosed: (
      client: SseClient,
      reason: DropReason | 'disconnected' | 'shutdown',
    ) => void,
  ) {
    sink.once('close', () => this.finish('disconnected'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Offers a live event; filtered, queued, never blocks. */
  offer(event: LoggedEvent): void {
    if (this.closed || !matches(this.filter, event)) return;
    this.enqueue(eventFrame(event), event.seq);
  }

  /** A comment line that keeps idle connections open; skipped when frames are waiting anyway. */
  heartbeat(): void {
    if (this.closed || this.queue.length > 0 || this.waitingForDrain) return;
    this.enqueue(`: heartbeat ${new Date().toISOString()}\n\n`);
  }

  /** Raw preamble (retry hint, hello comment) written ahead of everything else. */
  preamble(text: string): void {
    if (!this.closed) this.sink.write(text);
  }

  /** Live events wait in the queue while the replay from the log is written. */
  startReplay(): void {
    this.replaying = true;
  }

  /** Writes a replayed event, waiting for the socket to drain; false once the client is gone. */
  async replay(event: LoggedEvent): Promise<boolean> {
    if (this.closed) return false;
    const ok = this.sink.write(eventFrame(event));
    this.lastSentSeq = event.seq;
    if (!ok)
      await new Promise<void>((resolve) => {
        this.sink.once('drain', resolve);
        this.sink.once('close', resolve);
      });
    return !this.closed;
  }

  endReplay(): void {
    this.replaying = false;
    this.pump();
  }

  close(reason: 'shutdown'): void {
    if (this.closed) return;
    this.sink.end();
    this.finish(reason);
  }

  private enqueue(frame: string, seq?: number): void {
    if (this.queue.length >= this.maxQueued) {
      this.drop('slow_client');
      return;
    }
    this.queue.push({ frame, seq });
    this.pump();
  }

  private pump(): void {
    if (this.replaying || this.waitingForDrain) return;
    while (!this.closed && this.queue.length > 0) {
      const next = this.queue.shift() as { frame: string; seq?: number };
      const ok = this.sink.write(next.frame);
      if (next.seq !== undefined) this.lastSentSeq = next.seq;
      if (!ok) {
        this.waitingForDrain = true;
        this.sink.once('drain', () => {
          this.waitingForDrain = false;
          this.pump();
        });
        return;
      }
    }
  }

  private drop(reason: DropReason): void {
    const queued = this.queue.length;
    this.queue.length = 0;
    const detail = { reason, queued, limit: this.maxQueued, lastEventId: this.lastSentSeq ?? null };
    // Goes out after what the socket already holds; the queued frames are abandoned.
    this.sink.write(`event: dropped\ndata: ${JSON.stringify(detail)}\n\n`);
    this.sink.end();
    this.finish(reason);
  }

  private finish(reason: DropReason | 'disconnected' | 'shutdown'): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.onClosed(this, reason);
  }
}
