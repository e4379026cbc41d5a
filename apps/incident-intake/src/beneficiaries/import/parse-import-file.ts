import ExcelJS from 'exceljs';
import { fieldOfHeader, ImportField } from './import-columns';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One data row: its row number in the file (the header is row 1) and its cells by field. */
export interface ImportRow {
  line: number;
  cells: Partial<Record<ImportField, string>>;
}

export interface ParsedFile {
  rows: ImportRow[];
  /** Problems of the file itself (header), as {field, problem}. */
  problems: { field: string; problem: string }[];
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF), UTF-8 with or without BOM. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

async function parseXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= sheet.columnCount; col += 1) {
      const value = row.getCell(col).value;
      cells.push(cellText(value));
    }
    records[rowNumber - 1] = cells;
  });
  return Array.from(records, (r) => r ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result);
    if (value instanceof Date) return value.toISOString();
    return '';
  }
  return String(value);
}

/** Rows of a CSV or XLSX file, keyed by the fields its header row names. */
export async function parseImportFile(contentType: string, body: Buffer): Promise<ParsedFile> {
  const records =
    contentType === XLSX_TYPE ? await parseXlsx(body) : parseCsv(body.toString('utf8'));
  const [header, ...data] = records;
  const problems: { field: string; problem: string }[] = [];
  if (!header) return { rows: [], problems: [{ field: 'file', problem: 'is empty' }] };
  const fields = header.map((cell) => fieldOfHeader(cell));
  header.forEach((cell, i) => {
    if (cell.trim() !== '' && fields[i] === undefined)
      problems.push({
        field: `header.${cell.trim().slice(0, 60)}`,
        problem: 'is not a column of the template',
      });
  });
  for (const required of [
    'fullName',
    'idNumber',
    'category',
    'tier',
    'householdSize',
    'consent',
  ] as const) {
    if (!fields.includes(required))
      problems.push({ field: `header.${required}`, problem: 'the column is missing' });
  }
  const rows: ImportRow[] = [];
  data.forEach((record, i) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const cells: Partial<Record<ImportField, string>> = {};
    fields.forEach((field, col) => {
      const value = (record[col] ?? '').trim();
      if (field && value !== '') cells[field] = value;
    });
    rows.push({ line: i + 2, cells });
  });
  return { rows, problems };
}
