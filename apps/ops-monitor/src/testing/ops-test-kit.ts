// Shared by ops-monitor's integration suites: booting, tokens, org tree, and an SSE reader.
import { signDevToken } from '@aidflow/auth';
import { EventTap, eventually, startTestService, TestService } from '@aidflow/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { OpsConfig, SERVICE_NAME } from '../config/ops.config';

export const ROOT_ORG = 'QH';

export async function startOps(env: Record<string, string> = {}): Promise<TestService<OpsConfig>> {
  return startTestService({
    serviceName: SERVICE_NAME,
    configClass: OpsConfig,
    appModule: (config) => AppModule.forRoot(config),
    env: { ALERT_EVAL_INTERVAL_MS: '0', ...env },
  });
}

export function opsToken(
  roles: ('ops' | 'admin' | 'finance' | 'field')[] = ['ops'],
  orgCode = ROOT_ORG,
): Promise<string> {
  return signDevToken({ sub: `user-${roles.join('-')}`, name: '运营值班', roles, orgCode });
}

/** Registers orgs (root first) as incident-intake would, and waits until the scope replica has them. */
export async function registerOrgs(
  service: TestService<OpsConfig>,
  tap: EventTap,
  paths: string[][],
): Promise<void> {
  for (const path of paths) {
    const code = path[path.length - 1];
    await tap.publish('org.registered', code, {
      code,
      name: `union ${code}`,
      level: path.length === 1 ? 'province' : 'county',
      parentCode: path.length > 1 ? path[path.length - 2] : undefined,
      path,
    });
  }
  const codes = paths.map((p) => p[p.length - 1]);
  await eventually(
    async () => {
      const rows = await service.app
        .get(DataSource)
        .query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM org_replica WHERE code = ANY($1::text[])`,
          [codes],
        );
      return rows[0]?.n === codes.length ? true : undefined;
    },
    { what: 'org replica' },
  );
}

/** Waits until every listed event id is in the event log (the projections commit with it). */
export async function waitLogged(
  service: TestService<OpsConfig>,
  ids: string[],
  timeoutMs = 20000,
): Promise<void> {
  await eventually(
    async () => {
      const rows = await service.app
        .get(DataSource)
        .query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM event_log WHERE event_id = ANY($1::uuid[])`,
          [ids],
        );
      return rows[0]?.n === ids.length ? true : undefined;
    },
    { timeoutMs, what: `${ids.length} events in the event log` },
  );
}

export interface SseFrame {
  id?: string;
  event: string;
  data: string;
}

/** Reads an SSE response with Node's fetch, frame by frame, as a browser's EventSource would. */
export class SseReader {
  readonly frames: SseFrame[] = [];
  comments = 0;
  ended = false;

  private constructor(private readonly controller: AbortController) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const controller = new AbortController();
    const res = await fetch(url, {
      headers: { Accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    if (res.status !== 200 || !res.body)
      throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    const reader = new SseReader(controller);
    void reader.pump(res.body);
    return reader;
  }

  events(type?: string): SseFrame[] {
    return this.frames.filter((f) => type === undefined || f.event === type);
  }

  async waitFor(count: number, type?: string, timeoutMs = 20000): Promise<SseFrame[]> {
    return eventually(
      async () => (this.events(type).length >= count ? this.events(type) : undefined),
      {
        timeoutMs,
        what: `${count} ${type ?? ''} SSE frames`,
      },
    );
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private parse(block: string): void {
    const frame: SseFrame = { event: 'message', data: '' };
    const data: string[] = [];
    let isEvent = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      if (field === 'event') frame.event = value;
      if (field === 'data') {
        data.push(value);
        isEvent = true;
      }
    }
    if (!isEvent) return;
    frame.data = data.join('\n');
    this.frames.push(frame);
  }
}
