// Service log lines (pino JSON) made readable on a terminal.
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
export function paint(code: number, text: string): string {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  return colour ? `\u001b[${code}m${text}\u001b[0m` : text;
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

/** The pino level of a JSON log line; undefined when the line is not one. */
export function pinoLevel(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const record = JSON.parse(line) as PinoLine;
    return typeof record.level === 'number' ? record.level : undefined;
  } catch {
    return undefined;
  }
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
