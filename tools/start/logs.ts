// Where `npm start`'s output goes. The terminal gets the launcher's own lines, what the user
// asked to watch (a scenario) and the services' warnings and errors; `--verbose` adds every
// service line. The log file always gets everything, as the children wrote it.
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { formatLogLine, pinoLevel } from './log-format';

export interface StartLogOptions {
  /** Every service line on the terminal, not only warnings and errors. */
  verbose: boolean;
  /** Service lines on the terminal as the JSON they were written in (implies verbose). */
  rawLogs: boolean;
  /** The full log; undefined: none. */
  file?: string;
  /** The terminal's stdout and stderr (tests pass their own). */
  write?: (text: string) => void;
  writeError?: (text: string) => void;
}

/** How a child's lines are shown. */
export type LineKind =
  /** pino JSON from a service: warnings and errors shown, the rest with --verbose. */
  | 'service'
  /** Lines meant for the user as they are (a scenario's progress): always shown. */
  | 'progress';

const WARN = 40;

export class StartLog {
  readonly file: string | undefined;
  private readonly stream: WriteStream | undefined;
  private readonly write: (text: string) => void;
  private readonly writeError: (text: string) => void;

  constructor(private readonly options: StartLogOptions) {
    this.file = options.file;
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.writeError = options.writeError ?? ((text) => process.stderr.write(text));
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.stream = createWriteStream(options.file, { flags: 'a' });
      // A full disk must not stop the system; the terminal still has the essentials.
      this.stream.on('error', () => undefined);
    }
  }

  /** The launcher's own output: on the terminal (stdout, or stderr for errors) and in the file. */
  launcher(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    (stream === 'stderr' ? this.writeError : this.write)(text);
    this.stream?.write(text);
  }

  /** A line a child wrote; `prefix` is its (coloured) name tag. */
  child(name: string, prefix: string, line: string, kind: LineKind, fromStderr: boolean): void {
    this.stream?.write(`[${name}] ${line}\n`);
    if (!this.shown(line, kind, fromStderr)) return;
    const text = kind === 'progress' || this.options.rawLogs ? line : formatLogLine(line);
    this.write(`${prefix} ${text}\n`);
  }

  private shown(line: string, kind: LineKind, fromStderr: boolean): boolean {
    if (kind === 'progress' || this.options.verbose || this.options.rawLogs) return true;
    const level = pinoLevel(line);
    // Not pino: on stderr it is a crash, a stack or a runtime warning; on stdout, chatter.
    return level === undefined ? fromStderr : level >= WARN;
  }

  /** Flushes the file (call before exiting). */
  close(): Promise<void> {
    const stream = this.stream;
    if (!stream || stream.closed) return Promise.resolve();
    return new Promise((resolve) => stream.end(() => resolve()));
  }
}
