import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiRoute, Page, PageQueryDto, PerItemInput, UuidParamPipe } from '@aidflow/platform';
import { ListVisitsQuery } from './dto/list-visits.query';
import { VisitBatchDto } from './dto/visit-batch.dto';
import { VisitDto } from './dto/visit.dto';
import { VisitBatchResult, VisitConflictView, VisitView } from './dto/visit.view';
import { ReceiptsService } from '../receipts/receipts.service';
import { ReceiptStatus } from '../receipts/receipts.repository';
import { LogVisitBatch } from './batch/log-batch.usecase';
import { LogVisit } from './log-visit/log-visit.usecase';
import { VisitQueries } from './reads/visit.queries';

@Controller('api/visits')
export class VisitsController {
  constructor(
    private readonly logVisit: LogVisit,
    private readonly logVisitBatch: LogVisitBatch,
    private readonly visits: VisitQueries,
    private readonly receipts: ReceiptsService,
  ) {}

  /**
   * The body is validated by the service (the same path as each visit of a batch): 201 for a new
   * visit, 200 with the stored visit for a duplicate resend.
   */
  @ApiRoute({
    summary: 'Log a visit (the client’s id makes a repeat a no-op)',
    body: VisitDto,
    alsoSucceeds: { 200: 'the same visit was logged before' },
    errors: {
      403: 'not the team’s site',
      404: '',
      409: 'another visit has this id',
      422: 'cash not against an approved disbursement of that beneficiary for its exact amount',
    },
  })
  @Post()
  @Roles('field', 'ops', 'admin')
  async log(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VisitView> {
    const { created, visit } = await this.logVisit.logOne(user, body);
    reply.status(created ? 201 : 200);
    return visit;
  }

  @ApiRoute({
    summary: 'Sync visits recorded offline: each accepted, duplicate or rejected on its own',
  })
  @Post('batch')
  @HttpCode(200)
  @PerItemInput('visits')
  @Roles('field', 'ops', 'admin')
  logBatch(@CurrentUser() user: AuthUser, @Body() body: VisitBatchDto): Promise<VisitBatchResult> {
    return this.logVisitBatch.logBatch(user, body);
  }

  @ApiRoute({ summary: 'Visit conflicts to resolve' })
  @Get('conflicts')
  @Roles('ops', 'admin')
  conflicts(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
  ): Promise<Page<VisitConflictView>> {
    return this.visits.conflicts(user, query);
  }

  @ApiRoute({ summary: 'Visits in the caller’s scope' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListVisitsQuery): Promise<Page<VisitView>> {
    return this.visits.list(user, query);
  }

  /** With `receipts: [{sha256, stored}]`, so a device knows which images the server confirmed. */
  @ApiRoute({ summary: 'One visit with its receipts’ status', errors: { 404: '' } })
  @Get(':id')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<VisitView & { receipts: ReceiptStatus[] }> {
    const visit = await this.visits.get(user, id);
    return { ...visit, receipts: await this.receipts.statusOf(id) };
  }
}
