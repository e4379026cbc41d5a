import { ExportLanguage } from './export-language';

export type ExportRow = Record<string, unknown>;

export interface ExportColumn {
  key: string;
  header: Record<ExportLanguage, string>;
  value(row: ExportRow): string | number;
}

export interface ExportDefinition {
  /** SELECT of the caller's rows: $1 = subtree org codes, $2 = incident id or null. */
  sql: string;
  columns: ExportColumn[];
}

export const col = (
  key: string,
  zh: string,
  bo: string,
  en: string,
  value: ExportColumn['value'],
): ExportColumn => ({ key, header: { 'zh-CN': zh, bo, en }, value });

/** A column's value as text: dates ISO-8601, absent values empty. */
export const text =
  (key: string) =>
  (row: ExportRow): string => {
    const v = row[key];
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString();
    return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  };

/** A bigint fen column as yuan text. */
export const money =
  (key: string) =>
  (row: ExportRow): string => {
    const v = row[key];
    return v === null || v === undefined ? '' : yuan(v as string | number);
  };

/** Yuan with two decimals from integer fen, without floating point (a number type for XLSX sums would round). */
export function yuan(amountFen: string | number | bigint): string {
  const v = BigInt(amountFen);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A UUID shown by its first 8 characters only: enough to match a receipt, not to look a person up. */
export function maskId(value: unknown): string {
  return typeof value === 'string' && value.length > 8 ? `${value.slice(0, 8)}-****` : '';
}
