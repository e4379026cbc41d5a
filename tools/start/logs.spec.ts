import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartLog, StartLogOptions } from './logs';

const info = JSON.stringify({ level: 30, msg: 'Nest application successfully started' });
const warn = JSON.stringify({ level: 40, context: 'SQL', msg: 'slow query (2145 ms)' });
const error = JSON.stringify({
  level: 50,
  context: 'ApiExceptionFilter',
  msg: 'unhandled error',
  err: { type: 'QueryFailedError', message: 'boom' },
});

function run(options: Omit<StartLogOptions, 'write' | 'writeError'>): {
  terminal: string;
  log: StartLog;
} {
  const out: string[] = [];
  const log = new StartLog({
    ...options,
    write: (t) => out.push(t),
    writeError: (t) => out.push(t),
  });
  log.launcher('aidflow ▸ ready in 4.2 s\n');
  for (const line of [info, warn, error]) log.child('funds', '[funds]', line, 'service', false);
  log.child('funds', '[funds]', 'plain chatter', 'service', false);
  log.child('funds', '[funds]', 'Error: crashed', 'service', true);
  log.child('scenario:maduo', '[scenario:maduo]', 'RECONCILIATION ok', 'progress', false);
  return { terminal: out.join(''), log };
}

describe('StartLog', () => {
  // Plain text whether or not Jest runs on a terminal.
  beforeAll(() => {
    process.env.NO_COLOR = '1';
  });
  it('shows the launcher, warnings, errors, stderr and progress by default, and hides the rest', () => {
    const { terminal } = run({ verbose: false, rawLogs: false });
    expect(terminal.split('\n').filter(Boolean)).toEqual([
      'aidflow ▸ ready in 4.2 s',
      '[funds] WARN  SQL: slow query (2145 ms)',
      '[funds] ERROR ApiExceptionFilter: unhandled error (QueryFailedError: boom)',
      '[funds] Error: crashed',
      '[scenario:maduo] RECONCILIATION ok',
    ]);
  });

  it('shows every service line with --verbose, as JSON with --raw-logs', () => {
    expect(run({ verbose: true, rawLogs: false }).terminal).toContain(
      '[funds] INFO  Nest application successfully started\n',
    );
    const raw = run({ verbose: false, rawLogs: true }).terminal;
    expect(raw).toContain(`[funds] ${info}\n`);
    expect(raw).toContain('[funds] plain chatter\n');
  });

  it('writes everything to the file, as the children wrote it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'start-log-')), 'logs', 'start.log');
    const { log } = run({ verbose: false, rawLogs: false, file });
    await log.close();
    expect(readFileSync(file, 'utf8')).toBe(
      [
        'aidflow ▸ ready in 4.2 s',
        `[funds] ${info}`,
        `[funds] ${warn}`,
        `[funds] ${error}`,
        '[funds] plain chatter',
        '[funds] Error: crashed',
        '[scenario:maduo] RECONCILIATION ok',
        '',
      ].join('\n'),
    );
  });
});
