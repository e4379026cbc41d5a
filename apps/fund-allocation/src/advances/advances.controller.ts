import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, EmptyBodyDto, Page, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AdvanceSettlementService } from './advance-settlement.service';
import { AdvancesService } from './advances.service';
import {
  ListAdvancesQuery,
  RejectAdvanceDto,
  RequestAdvanceDto,
  SettleAdvanceDto,
} from './dto/advance.dto';
import { AdvanceView } from './dto/advance.view';

@Controller('api/advances')
export class AdvancesController {
  constructor(
    private readonly advances: AdvancesService,
    private readonly settlement: AdvanceSettlementService,
  ) {}

  @ApiRoute({
    summary: 'Request a cash advance for a field team',
    errors: {
      403: '',
      404: 'no such fund or team in scope',
      422: 'more than the approved, undelivered, not yet advanced amount',
    },
  })
  @Post()
  @Roles('finance', 'field')
  request(
    @CurrentUser() user: AuthUser,
    @Body() body: RequestAdvanceDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AdvanceView> {
    return this.advances.request(user, body, key);
  }

  @ApiRoute({
    summary: 'Approve an advance (issued to the team)',
    errors: {
      403: 'the requester cannot approve their own advance',
      404: '',
      409: 'already decided',
      422: '',
    },
  })
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('approver')
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    // Nothing to send: a body with any field is refused rather than silently ignored.
    @Body() _body: EmptyBodyDto,
  ): Promise<AdvanceView> {
    return this.advances.approve(user, id);
  }

  @ApiRoute({
    summary: 'Reject an advance',
    errors: {
      403: 'the requester cannot decide their own advance',
      404: '',
      409: 'already decided',
    },
  })
  @Post(':id/reject')
  @HttpCode(200)
  @Roles('approver')
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RejectAdvanceDto,
  ): Promise<AdvanceView> {
    return this.advances.reject(user, id, body);
  }

  /** acceptDiscrepancy is further limited to approvers in the service. */
  @ApiRoute({
    summary: 'Settle an advance with the cash returned',
    errors: {
      403: 'only an approver other than the requester may accept a discrepancy',
      404: '',
      409: 'not issued, or already settled',
      422: 'money is still outstanding: the difference is in details',
    },
  })
  @Post(':id/settle')
  @HttpCode(200)
  @Roles('finance', 'field', 'approver')
  settle(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: SettleAdvanceDto,
  ): Promise<AdvanceView> {
    return this.settlement.settle(user, id, body);
  }

  @ApiRoute({ summary: 'Advances in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListAdvancesQuery,
  ): Promise<Page<AdvanceView>> {
    return this.advances.list(user, query);
  }

  @ApiRoute({
    summary: 'One advance: amount = handed over + returned + outstanding',
    errors: { 404: '' },
  })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<AdvanceView> {
    return this.advances.get(user, id);
  }
}
