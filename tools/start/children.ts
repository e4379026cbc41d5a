// Child processes of `npm start`: spawned in their own process group, logs prefixed with their name.
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const COLOURS = [36, 35, 33, 32, 34, 90];
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;

function paint(code: number, text: string): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

interface PinoLine {
  level?: number;
  time?: number;
  msg?: string;
  context?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; type?: string };
}

/** A pino JSON line shown compactly: level, message, and for requests method/url/status/time. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: PinoLine;
  try {
    record = JSON.parse(line) as PinoLine;
  } catch {
    return line;
  }
  if (typeof record.level !== 'number' || typeof record.msg !== 'string') return line;
  const level = LEVELS[record.level] ?? String(record.level);
  const parts = [
    record.level >= 50 ? paint(31, level) : record.level >= 40 ? paint(33, level) : level,
  ];
  if (record.req?.method && record.res?.statusCode) {
    parts.push(`${record.req.method} ${record.req.url ?? ''} → ${record.res.statusCode}`);
    if (typeof record.responseTime === 'number') parts.push(`${record.responseTime} ms`);
  } else {
    parts.push(record.context ? `${record.context}: ${record.msg}` : record.msg);
  }
  if (record.err?.message) parts.push(`(${record.err.type ?? 'Error'}: ${record.err.message})`);
  return parts.join(' ');
}

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Pass the child's lines through untouched (no pino formatting). */
  rawLogs: boolean;
  /** Print the child's lines (false: only keep them for a crash report). */
  echo?: boolean;
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
      if (options.echo === false) return;
      process.stdout.write(`${prefix} ${options.rawLogs ? line : formatLogLine(line)}\n`);
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
