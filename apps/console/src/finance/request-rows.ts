// A bulk request list (CSV or XLSX) turned into rows, each checked before anything is written:
// the beneficiary must be registered in the incident, the amount a yuan amount, no one twice.
import type { Beneficiary } from '../api/types';
import { yuanToFen } from '../i18n/format';

export type RowProblem =
  | { kind: 'unknownBeneficiary' }
  | { kind: 'notAmount' }
  | { kind: 'duplicateRow'; row: number }
  | { kind: 'missingColumn'; column: string };

export interface RequestRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  beneficiaryId: string;
  amountText: string;
  amountFen?: number;
  note?: string;
  problems: RowProblem[];
}

const COLUMNS = {
  beneficiaryId: ['beneficiaryid', 'beneficiary', '受助人id', '受助人'],
  amount: ['amount', 'amountyuan', '金额', '金额（元）', '金额(元)'],
  note: ['note', '备注'],
} as const;

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

export async function parseXlsx(buffer: ArrayBuffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(
      values.map((v) =>
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v),
      ),
    );
  });
  return rows;
}

function columnIndex(header: string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase().replace(/\s+/g, '')));
}

export function checkRows(
  table: string[][],
  beneficiaries: Map<string, Beneficiary>,
): { rows: RequestRow[]; fileProblems: RowProblem[] } {
  const [header = [], ...body] = table;
  const idColumn = columnIndex(header, COLUMNS.beneficiaryId);
  const amountColumn = columnIndex(header, COLUMNS.amount);
  const noteColumn = columnIndex(header, COLUMNS.note);
  const fileProblems: RowProblem[] = [];
  if (idColumn < 0) fileProblems.push({ kind: 'missingColumn', column: 'beneficiaryId' });
  if (amountColumn < 0) fileProblems.push({ kind: 'missingColumn', column: 'amount' });
  if (fileProblems.length) return { rows: [], fileProblems };
  const firstLine = new Map<string, number>();
  const rows = body.map((cells, i): RequestRow => {
    const line = i + 2;
    const beneficiaryId = (cells[idColumn] ?? '').trim();
    const amountText = (cells[amountColumn] ?? '').trim();
    const note = noteColumn >= 0 ? (cells[noteColumn] ?? '').trim() : '';
    const amountFen = yuanToFen(amountText);
    const problems: RowProblem[] = [];
    if (!beneficiaries.has(beneficiaryId)) problems.push({ kind: 'unknownBeneficiary' });
    if (amountFen === undefined || amountFen <= 0) problems.push({ kind: 'notAmount' });
    const earlier = firstLine.get(beneficiaryId);
    if (earlier !== undefined) problems.push({ kind: 'duplicateRow', row: earlier });
    else firstLine.set(beneficiaryId, line);
    return {
      line,
      beneficiaryId,
      amountText,
      ...(amountFen ? { amountFen } : {}),
      ...(note ? { note } : {}),
      problems,
    };
  });
  return { rows, fileProblems };
}
