// Child processes of `npm start`: spawned in their own process group, their lines handed to the
// StartLog with their name.
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { paint } from './log-format';
import { LineKind, StartLog } from './logs';

const COLOURS = [36, 35, 33, 32, 34, 90];

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: StartLog;
  /** 'service' (default): pino JSON, warnings and errors shown; 'progress': every line shown. */
  kind?: LineKind;
  /** Called for every stdout line before it is printed (e.g. to read an address). */
  onStdoutLine?: (line: string) => void;
}

export class Child {
  readonly process: ChildProcess;
  readonly lastLines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitCode: number | null | undefined;

  constructor(
    readonly options: ChildOptions,
    colour: number,
  ) {
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop the children in order.
    this.process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const prefix = paint(colour, `[${options.name}]`);
    const onLine = (line: string, fromStdout: boolean): void => {
      if (fromStdout) options.onStdoutLine?.(line);
      this.lastLines.push(line);
      if (this.lastLines.length > 40) this.lastLines.shift();
      options.log.child(options.name, prefix, line, options.kind ?? 'service', !fromStdout);
    };
    createInterface({ input: this.process.stdout! }).on('line', (l) => onLine(l, true));
    createInterface({ input: this.process.stderr! }).on('line', (l) => onLine(l, false));
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exitCode = code;
        resolve({ code, signal });
      });
      this.process.once('error', () => resolve({ code: 1, signal: null }));
    });
  }

  get name(): string {
    return this.options.name;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM to the whole group, then SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<string> {
    if (!this.running || this.process.pid === undefined) return 'not running';
    const since = Date.now();
    let killed = false;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => {
      killed = true;
      this.signalGroup('SIGKILL');
    }, graceMs);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    // Whatever the child left in its group (it should be nothing) goes too.
    this.signalGroup('SIGKILL');
    const how = killed
      ? `killed after ${graceMs} ms`
      : signal
        ? `ended by ${signal}`
        : `exit ${code}`;
    return `${how}, ${Date.now() - since} ms`;
  }

  kill(): void {
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.process.pid === undefined) return;
    try {
      process.kill(-this.process.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}

let nextColour = 0;
export function startChild(options: ChildOptions): Child {
  const colour = COLOURS[nextColour++ % COLOURS.length] ?? 36;
  return new Child(options, colour);
}
