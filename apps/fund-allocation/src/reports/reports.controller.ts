import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { exportLanguage } from '@aidflow/exports';
import { ApiRoute, notFound, UuidParamPipe } from '@aidflow/platform';
import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FinanceReportRepository } from './finance-report.repository';
import { REPORT_LABELS } from './finance-report.labels';
import { renderFinanceReport } from './finance-report.render';
import { ReportWriter } from './pdf/report-writer';

/**
 * GET /api/reports/incidents/:id/finance.pdf: the incident's books as the caller's subtree holds
 * them, in the caller's language, streamed as it is drawn. No fund of the incident in scope → 404.
 */
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly reports: FinanceReportRepository,
    private readonly scope: ScopeService,
  ) {}

  @ApiRoute({
    summary: 'The incident’s finance report as a PDF, in the caller’s language',
    produces: ['application/pdf'],
    errors: { 404: 'no such incident, or no fund of it in the caller’s scope' },
  })
  @Get('incidents/:id/finance.pdf')
  @Roles('finance', 'approver', 'ops', 'admin')
  async financePdf(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const data = await this.reports.read(id, await this.scope.subtreeCodes(user), user.orgCode);
    if (!data) throw notFound(`incident ${id}`);
    const language = exportLanguage(acceptLanguage);
    const labels = REPORT_LABELS[language];
    const writer = new ReportWriter(
      { title: `${labels.title} ${id}`, author: user.name ?? user.sub },
      (page) => `AidFlow · ${labels.title} · ${labels.page(page)}`,
    );
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="finance-${id}.pdf"`)
      .header('content-language', language)
      .send(writer.doc);
    try {
      renderFinanceReport(writer, data, labels, {
        generatedAt: new Date(),
        generatedBy: user.name ?? user.sub,
        scopeOrgName: data.scopeOrgName,
      });
    } catch (error) {
      // Headers are sent: cutting the stream short leaves a visibly broken file, never a wrong one.
      writer.doc.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
