import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Page, UuidParamPipe } from '@aidflow/platform';
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

  @Post()
  @Roles('finance', 'field')
  request(
    @CurrentUser() user: AuthUser,
    @Body() body: RequestAdvanceDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AdvanceView> {
    return this.advances.request(user, body, key);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('approver')
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AdvanceView> {
    return this.advances.approve(user, id);
  }

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

  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListAdvancesQuery,
  ): Promise<Page<AdvanceView>> {
    return this.advances.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<AdvanceView> {
    return this.advances.get(user, id);
  }
}
