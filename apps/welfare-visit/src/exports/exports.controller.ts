import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { ExportQuery, sendExport } from '@aidflow/exports';
import { ApiRoute } from '@aidflow/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { VISITS_EXPORT } from './visits-export';

/** GET /api/exports/visits: the caller's subtree only, streamed as CSV or XLSX (libs/exports). */
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @ApiRoute({
    summary: 'Export visits, one row per person visited, as CSV or XLSX (streamed, ids masked)',
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  })
  @Get('visits')
  @Roles('finance', 'ops', 'admin')
  async visits(
    @CurrentUser() user: AuthUser,
    @Query() query: ExportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendExport(this.dataSource, reply, {
      kind: 'visits',
      definition: VISITS_EXPORT,
      format: query.format ?? 'csv',
      acceptLanguage,
      params: [await this.scope.subtreeCodes(user), query.incidentId ?? null],
    });
  }
}
