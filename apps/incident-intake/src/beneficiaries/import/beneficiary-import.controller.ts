import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, badRequest } from '@aidflow/platform';
import { Controller, Get, Headers, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BeneficiaryImportService, ImportResult } from './beneficiary-import.service';
import { ImportQuery, TemplateQuery } from './dto-import';
import { importLanguage } from './import-columns';
import { importTemplate } from './import-template';
import { CSV_TYPE, XLSX_TYPE } from './parse-import-file';

@Controller('api/beneficiaries/import')
export class BeneficiaryImportController {
  constructor(private readonly imports: BeneficiaryImportService) {}

  @ApiRoute({
    summary:
      'Register many people from a CSV or XLSX file: every row checked first, then all or nothing',
    body: { binary: [CSV_TYPE, XLSX_TYPE] },
    errors: {
      403: '',
      409: 'a person of the file was registered meanwhile',
      413: '',
      415: 'not text/csv or XLSX',
      422: 'no such incident, or the Idempotency-Key was used for another file',
    },
  })
  @Post()
  @Roles('field', 'ops', 'admin')
  import(
    @CurrentUser() user: AuthUser,
    @Query() query: ImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<ImportResult> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if ((type !== CSV_TYPE && type !== XLSX_TYPE) || !Buffer.isBuffer(request.body))
      throw badRequest([{ field: 'content-type', problem: `must be ${CSV_TYPE} or ${XLSX_TYPE}` }]);
    return this.imports.import(user, query.incidentId, type, request.body, key);
  }

  @ApiRoute({
    summary: 'The import template (header row in zh-CN, bo or en from Accept-Language)',
    produces: [CSV_TYPE, XLSX_TYPE],
  })
  @Get('template')
  async template(
    @Query() query: TemplateQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const format = query.format ?? 'csv';
    const language = importLanguage(acceptLanguage);
    void reply
      .header('content-type', format === 'csv' ? `${CSV_TYPE}; charset=utf-8` : XLSX_TYPE)
      .header(
        'content-disposition',
        `attachment; filename="beneficiaries-template-${language}.${format}"`,
      )
      .header('content-language', language);
    return importTemplate(format, language);
  }
}
