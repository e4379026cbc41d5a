import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Page, PageQueryDto, PerItemInput } from '@aidflow/platform';
import { UuidParamPipe } from '@aidflow/platform';
import { ListVisitsQuery } from './dto/list-visits.query';
import { VisitBatchDto } from './dto/visit-batch.dto';
import { VisitBatchResult, VisitConflictView, VisitView } from './dto/visit.view';
import { ReceiptsService } from '../receipts/receipts.service';
import { ReceiptStatus } from '../receipts/receipts.repository';
import { VisitsService } from './visits.service';

@Controller('api/visits')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly receipts: ReceiptsService,
  ) {}

  /**
   * The body is validated by the service (the same path as each visit of a batch): 201 for a new
   * visit, 200 with the stored visit for a duplicate resend.
   */
  @Post()
  @Roles('field', 'ops', 'admin')
  async log(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VisitView> {
    const { created, visit } = await this.visits.logOne(user, body);
    reply.status(created ? 201 : 200);
    return visit;
  }

  @Post('batch')
  @HttpCode(200)
  @PerItemInput('visits')
  @Roles('field', 'ops', 'admin')
  logBatch(@CurrentUser() user: AuthUser, @Body() body: VisitBatchDto): Promise<VisitBatchResult> {
    return this.visits.logBatch(user, body);
  }

  @Get('conflicts')
  @Roles('ops', 'admin')
  conflicts(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
  ): Promise<Page<VisitConflictView>> {
    return this.visits.conflicts(user, query);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListVisitsQuery): Promise<Page<VisitView>> {
    return this.visits.list(user, query);
  }

  /** With `receipts: [{sha256, stored}]`, so a device knows which images the server confirmed. */
  @Get(':id')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<VisitView & { receipts: ReceiptStatus[] }> {
    const visit = await this.visits.get(user, id);
    return { ...visit, receipts: await this.receipts.statusOf(id) };
  }
}
