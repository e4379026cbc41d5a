// Money, numbers and dates through Intl in the user's language. Money arrives as integer fen and
// is turned into an exact decimal string (never a float) before Intl formats it.
import type { Language } from './i18n';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(lang: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(lang, options);
    cache.set(key, format);
  }
  return format;
}

/** "1234567" fen → "12345.67" exactly, by integer arithmetic on a BigInt. */
export function fenToDecimal(fen: number | string | bigint): string {
  let value = BigInt(fen);
  const negative = value < 0n;
  if (negative) value = -value;
  return `${negative ? '-' : ''}${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** Parses "1,234.5" / "1234.56" yuan into integer fen; undefined when it is not an amount. */
export function yuanToFen(text: string): number | undefined {
  const cleaned = text.replace(/[,\s¥￥]/g, '');
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const fen = BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return fen > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(fen);
}

export function money(lang: Language, fen: number | string | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const format = numberFormat(lang, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
  });
  // Intl formats a decimal string exactly (no binary floating point in between).
  return format.format(fenToDecimal(fen) as unknown as number);
}

export function count(lang: Language, n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : numberFormat(lang, {}).format(n);
}

export function percent(lang: Language, ratio: number): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

// Browsers' ICU often lacks Tibetan date patterns (Chromium on Debian prints "2026 M12 2"):
// Tibetan gets the unambiguous numeric form instead of the named-month styles.
const NUMERIC_DATE: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
};
const NUMERIC_TIME: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

export function dateTime(lang: Language, iso: string | null | undefined): string {
  if (!iso) return '—';
  const options: Intl.DateTimeFormatOptions =
    lang === 'bo'
      ? { ...NUMERIC_DATE, ...NUMERIC_TIME }
      : { dateStyle: 'medium', timeStyle: 'short' };
  return dateFormat(lang, options).format(new Date(iso));
}

export function date(lang: Language, iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat(lang, lang === 'bo' ? NUMERIC_DATE : { dateStyle: 'medium' }).format(
    new Date(iso),
  );
}

export function time(lang: Language, iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat(lang, { timeStyle: 'medium' }).format(new Date(iso));
}
