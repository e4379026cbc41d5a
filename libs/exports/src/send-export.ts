import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { ExportDefinition } from './export-columns';
import { exportLanguage } from './export-language';
import { csvField, cursorRows } from './cursor-rows';

export interface ExportRequest {
  kind: string;
  definition: ExportDefinition;
  format: 'csv' | 'xlsx';
  acceptLanguage: string | undefined;
  /** $1 and $2 of the definition's SQL: the caller's subtree codes and the incident id (or null). */
  params: [string[], string | null];
}

/**
 * Streams one export from a database cursor into CSV (UTF-8 with BOM, for Excel and Chinese) or
 * XLSX (exceljs streaming writer), headers in the caller's language, with backpressure.
 */
export async function sendExport(
  dataSource: DataSource,
  reply: FastifyReply,
  request: ExportRequest,
): Promise<void> {
  const { kind, definition, format } = request;
  const language = exportLanguage(request.acceptLanguage);
  const rows = cursorRows(dataSource, definition.sql, request.params);
  const headers = definition.columns.map((c) => c.header[language]);
  const out = new PassThrough();
  const file = `${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
  void reply
    .header(
      'content-type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('content-language', language)
    .send(out);
  try {
    if (format === 'csv') {
      out.write(`\uFEFF${headers.map(csvField).join(',')}\r\n`);
      for await (const batch of rows) {
        const chunk = batch
          .map((row) => definition.columns.map((c) => csvField(c.value(row))).join(','))
          .join('\r\n');
        // Backpressure: wait for a slow client rather than buffer the export in memory.
        if (!out.write(`${chunk}\r\n`)) await new Promise((r) => out.once('drain', r));
      }
      out.end();
    } else {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet(kind);
      sheet.addRow(headers).commit();
      for await (const batch of rows) {
        for (const row of batch) sheet.addRow(definition.columns.map((c) => c.value(row))).commit();
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
      }
      sheet.commit();
      await workbook.commit();
    }
  } catch (error) {
    // Headers are sent: all that is left is to cut the response short so the file is visibly broken.
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
