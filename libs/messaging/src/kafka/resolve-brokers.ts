import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * KAFKA_BROKERS when set; otherwise the project's local broker (started, or reused, by
 * infra/kafka/local-broker), so every service runs with no settings on a developer machine.
 */
export function resolveBrokers(configured: string): string[] {
  const list = configured
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (list.length > 0) return list;
  const script = findLocalBrokerScript();
  const address = execFileSync('bash', [script, 'start'], { encoding: 'utf8' }).trim();
  if (!/^[\w.-]+:\d+$/.test(address)) {
    throw new Error(`local broker printed no address (got ${JSON.stringify(address)})`);
  }
  return [address];
}

function findLocalBrokerScript(): string {
  let dir = resolve(__dirname);
  for (;;) {
    const candidate = join(dir, 'infra', 'kafka', 'local-broker');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir)
      throw new Error('KAFKA_BROKERS is empty and infra/kafka/local-broker was not found');
    dir = parent;
  }
}
