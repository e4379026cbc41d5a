import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { ExportQuery, sendExport } from '@aidflow/exports';
import { ApiRoute } from '@aidflow/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { BENEFICIARIES_EXPORT } from './beneficiaries-export';

/** GET /api/exports/beneficiaries: the caller's subtree only, streamed as CSV or XLSX (libs/exports). */
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @ApiRoute({
    summary:
      'Export the beneficiary register as CSV or XLSX (streamed; id numbers and phones masked)',
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  })
  @Get('beneficiaries')
  @Roles('finance', 'ops', 'admin')
  async beneficiaries(
    @CurrentUser() user: AuthUser,
    @Query() query: ExportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendExport(this.dataSource, reply, {
      kind: 'beneficiaries',
      definition: BENEFICIARIES_EXPORT,
      format: query.format ?? 'csv',
      acceptLanguage,
      params: [await this.scope.subtreeCodes(user), query.incidentId ?? null],
    });
  }
}
