import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { ApiRoute, badRequest } from '@aidflow/platform';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { EXPORTS, exportLanguage } from './export-columns';
import { csvField, cursorRows } from './export-stream';

export class ExportQuery {
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value ?? 'csv')
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

const KINDS = Object.keys(EXPORTS) as (keyof typeof EXPORTS)[];

/**
 * GET /api/exports/{disbursements|advances}: the caller's subtree only, streamed from a database
 * cursor into CSV (UTF-8 with BOM, for Excel and Chinese) or XLSX (exceljs streaming writer).
 */
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @ApiRoute({
    summary:
      'Export beneficiaries, disbursements, visits or advances as CSV or XLSX (streamed, ids masked)',
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  })
  @Get(':kind')
  @Roles('finance', 'ops', 'admin')
  async export(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Query() query: ExportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(KINDS as string[]).includes(kind)) {
      throw badRequest([{ field: 'kind', problem: `must be one of ${KINDS.join(', ')}` }]);
    }
    const definition = EXPORTS[kind as keyof typeof EXPORTS];
    const language = exportLanguage(acceptLanguage);
    const format = query.format ?? 'csv';
    const params = [await this.scope.subtreeCodes(user), query.incidentId ?? null];
    const rows = cursorRows(this.dataSource, definition.sql, params);
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
          for (const row of batch)
            sheet.addRow(definition.columns.map((c) => c.value(row))).commit();
        }
        sheet.commit();
        await workbook.commit();
      }
    } catch (error) {
      // Headers are sent: all that is left is to cut the response short so the file is visibly broken.
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
