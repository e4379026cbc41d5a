// Dead letters from the command line, through the public API (the contract's "Dead letters"):
//   npm run dlq -- list [--topic aidflow.funds.v1] [--limit 50]
//   npm run dlq -- replay <id>
// AIDFLOW_URL (default http://localhost:3000, the gateway) and AIDFLOW_TOKEN (a token of an ops or
// admin user); without a token, a development token is signed with AUTH_JWT_SECRET.
import { DEV_JWT_SECRET, signDevToken } from '@aidflow/auth';
import { parseArgs } from 'node:util';

interface DeadLetter {
  id: string;
  topic: string;
  reason: string | null;
  error: string | null;
  eventType: string | null;
  eventId: string | null;
  receivedAt: string;
  replays: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      limit: { type: 'string', default: '50' },
      org: { type: 'string', default: 'QH' },
    },
    strict: true,
  });
  const [command, id] = positionals;
  const base = (process.env.AIDFLOW_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token =
    process.env.AIDFLOW_TOKEN ||
    (await signDevToken(
      { sub: 'dlq-cli', name: 'dlq cli', roles: ['ops'], orgCode: values.org },
      process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET,
      '10m',
    ));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (command === 'list') {
    const query = new URLSearchParams({ limit: values.limit });
    if (values.topic) query.set('topic', values.topic);
    const page = (await call(`${base}/api/ops/dlq?${query.toString()}`, { headers })) as {
      items: DeadLetter[];
    };
    for (const d of page.items) {
      process.stdout.write(
        `${d.id}  ${d.receivedAt}  ${d.topic}  ${d.reason ?? '-'}  ${d.eventType ?? '-'} ${d.eventId ?? '-'}  replays=${d.replays}\n    ${d.error ?? ''}\n`,
      );
    }
    if (page.items.length === 0) process.stdout.write('no dead letters\n');
    return;
  }
  if (command === 'replay' && id) {
    const replayed = (await call(`${base}/api/ops/dlq/${encodeURIComponent(id)}/replay`, {
      method: 'POST',
      headers,
      body: '{}',
    })) as DeadLetter;
    process.stdout.write(
      `replayed ${replayed.id} to its origin topic (${replayed.replays} replays)\n`,
    );
    return;
  }
  throw new Error('usage: npm run dlq -- list [--topic <topic>] [--limit n] | replay <id>');
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(`${res.status}: ${body.message ?? res.statusText}`);
  return body;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
