import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { ExportQuery, sendExport } from '@aidflow/exports';
import { ApiRoute, badRequest } from '@aidflow/platform';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { EXPORTS } from './export-columns';

const KINDS = Object.keys(EXPORTS) as (keyof typeof EXPORTS)[];

/**
 * GET /api/exports/{disbursements|advances}: the caller's subtree only, streamed from a database
 * cursor into CSV or XLSX (libs/exports).
 */
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @ApiRoute({
    summary:
      'Export disbursements or advances as CSV or XLSX (streamed, ids masked; beneficiaries and visits are their own routes)',
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
    await sendExport(this.dataSource, reply, {
      kind,
      definition: EXPORTS[kind as keyof typeof EXPORTS],
      format: query.format ?? 'csv',
      acceptLanguage,
      params: [await this.scope.subtreeCodes(user), query.incidentId ?? null],
    });
  }
}
