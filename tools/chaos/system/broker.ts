// The chaos run's own broker: infra/kafka/local-broker with its own state folder is a separate
// process, so pausing it (SIGSTOP/SIGCONT) never touches the broker other runs and tests share.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_TOPICS, dlqTopic } from '@aidflow/contracts';

const ROOT = join(__dirname, '..', '..', '..');

export interface OwnBroker {
  bootstrap: string;
  pid: number;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

function run(args: string[], env: NodeJS.ProcessEnv, script = 'local-broker'): Promise<string> {
  const path = join(ROOT, 'infra', 'kafka', script);
  return new Promise((done, reject) => {
    execFile('bash', [path, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${script} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else done(stdout.trim());
    });
  });
}

/** Starts a broker in `stateDir` with the system's topics under `topicPrefix` (4 partitions each). */
export async function startOwnBroker(dir: string, topicPrefix: string): Promise<OwnBroker> {
  const stateDir = resolve(dir);
  // The native host is built once into the shared cache (tmp/kafka/bin); this broker reuses it.
  const { KAFKA_BROKERS: _shared, AIDFLOW_BROKER_DIR: _dir, ...inherited } = process.env;
  await run([], inherited, 'build-mock-host');
  mkdirSync(stateDir, { recursive: true });
  if (!existsSync(join(stateDir, 'bin')))
    symlinkSync(join(ROOT, 'tmp', 'kafka', 'bin'), join(stateDir, 'bin'));
  const topics = ALL_TOPICS.flatMap((t) => [
    `${topicPrefix}${t}:4`,
    `${topicPrefix}${dlqTopic(t)}:4`,
  ]);
  const env = {
    ...inherited,
    AIDFLOW_BROKER_DIR: stateDir,
    AIDFLOW_BROKER_PORT: '0',
    AIDFLOW_BROKER_TOPICS: topics.join(','),
  };
  const bootstrap = await run(['start'], env);
  const pid = Number(readFileSync(join(stateDir, 'broker.pid'), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no broker pid in ${stateDir}`);
  return {
    bootstrap,
    pid,
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    stop: async () => {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Already gone.
      }
      await run(['stop'], env);
    },
  };
}
