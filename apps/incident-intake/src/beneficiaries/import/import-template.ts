import ExcelJS from 'exceljs';
import { IMPORT_FIELDS, IMPORT_HEADERS, ImportLanguage, TEMPLATE_EXAMPLE } from './import-columns';

const csvField = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** The import template: the header row in the caller's language and one example row. */
export async function importTemplate(
  format: 'csv' | 'xlsx',
  language: ImportLanguage,
): Promise<Buffer> {
  const header = IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f][language]);
  const example = IMPORT_FIELDS.map((f) => TEMPLATE_EXAMPLE[f]);
  if (format === 'csv') {
    // A BOM, so spreadsheet programs read the file as UTF-8.
    return Buffer.from(
      `\uFEFF${header.map(csvField).join(',')}\r\n${example.map(csvField).join(',')}\r\n`,
      'utf8',
    );
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('beneficiaries');
  sheet.addRow(header).font = { bold: true };
  // Text cells: an id number must not become a number (its X and its 18 digits would be lost).
  sheet.addRow(example);
  sheet.columns.forEach((column) => {
    column.width = 22;
    column.numFmt = '@';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
