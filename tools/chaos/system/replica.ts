// One service replica of the chaos system: its own process group (SIGKILL takes all of it), its
// output appended to the run's log file, restartable on the same port.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export class Replica {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    /** e.g. fund-allocation#2 (also its PostgreSQL application_name). */
    readonly name: string,
    readonly app: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  /** While this file exists the replica's relay dies between publish and mark (test-only setting). */
  get crashFile(): string {
    return this.env.OUTBOX_CRASH_AFTER_PUBLISH_FILE ?? '';
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  start(extraEnv: Record<string, string> = {}): void {
    const fd = openSync(this.logFile, 'a');
    const child = spawn(
      process.execPath,
      ['-r', './tools/register.js', `apps/${this.app}/src/main.ts`],
      {
        cwd: ROOT,
        env: { ...this.env, PGAPPNAME: this.name, ...extraEnv },
        stdio: ['ignore', fd, fd],
        detached: true,
      },
    );
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.healthy())) {
      if (!this.running)
        throw new Error(
          `${this.name} exited while starting (${this.child?.signalCode ?? `code ${this.child?.exitCode}`}; see ${this.logFile})`,
        );
      if (Date.now() > deadline) throw new Error(`${this.name} not healthy after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** SIGKILL to the whole group: no shutdown hook runs, as in a crash. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (a clean stop), SIGKILL after the grace. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child?.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}
