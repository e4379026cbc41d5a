// The live feed: Server-Sent Events read with fetch (so the token travels in a header, never in
// the URL), resumed with Last-Event-ID after any drop so no event is missed or shown twice.
import { getSession } from '../auth/session';
import type { EventEnvelope } from '../api/types';

export interface StreamEvent {
  seq: string | null;
  type: string;
  envelope: EventEnvelope;
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandle {
  close(): void;
}

function parseFrame(frame: string): { id: string | null; type: string; data: string } | undefined {
  let id: string | null = null;
  let type = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { id, type, data: data.join('\n') } : undefined;
}

/** The server sends a heartbeat every 15 s (STREAM_HEARTBEAT_MS): this much silence is a dead link. */
const SILENCE_MS = 40_000;

export function openStream(
  query: { incidentId?: string },
  onEvent: (event: StreamEvent) => void,
  onState: (state: StreamState) => void,
  retryMs = 2000,
): StreamHandle {
  let lastEventId: string | null = null;
  let closed = false;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  // A half-open connection (the phone changed networks, a proxy dropped it) never errors by
  // itself: drop it on silence or when the browser says it went offline, and resume.
  const drop = (): void => controller?.abort();
  const heard = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(drop, SILENCE_MS);
  };
  const resume = (): void => {
    if (closed) return;
    clearTimeout(timer);
    drop();
    void connect();
  };
  window.addEventListener('offline', drop);
  window.addEventListener('online', resume);

  let generation = 0;
  const connect = async (): Promise<void> => {
    // A newer connection supersedes this one: only the newest schedules the next retry.
    const mine = ++generation;
    controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const session = getSession();
    if (session) headers.authorization = `Bearer ${session.accessToken}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const url = query.incidentId
      ? `/api/ops/stream?incidentId=${encodeURIComponent(query.incidentId)}`
      : '/api/ops/stream';
    try {
      const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('live');
      heard();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        buffer += value.replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!frame || frame.type === 'dropped') continue;
          if (frame.id !== null) lastEventId = frame.id;
          try {
            onEvent({
              seq: frame.id,
              type: frame.type,
              envelope: JSON.parse(frame.data) as EventEnvelope,
            });
          } catch {
            // A frame that is not an envelope (a keep-alive payload) is skipped.
          }
        }
      }
    } catch {
      // Dropped (network, server restart, proxy timeout): reconnect below.
    }
    if (mine !== generation) return;
    clearTimeout(watchdog);
    if (closed) return;
    onState('reconnecting');
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), retryMs);
  };

  onState('connecting');
  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(watchdog);
      window.removeEventListener('offline', drop);
      window.removeEventListener('online', resume);
      controller?.abort();
    },
  };
}
