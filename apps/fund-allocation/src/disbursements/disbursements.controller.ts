import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Page } from '@aidflow/platform';
import { UuidParamPipe } from '@aidflow/platform';
import { DisbursementsService } from './disbursements.service';
import {
  ApproveDisbursementDto,
  CancelDisbursementDto,
  RejectDisbursementDto,
} from './dto/decision.dto';
import { DisbursementView } from './dto/disbursement.view';
import { ListDisbursementsQuery } from './dto/list-disbursements.query';
import { RequestDisbursementDto } from './dto/request-disbursement.dto';

@Controller('api/disbursements')
export class DisbursementsController {
  constructor(private readonly disbursements: DisbursementsService) {}

  @Post()
  @Roles('finance', 'field')
  request(
    @CurrentUser() user: AuthUser,
    @Body() body: RequestDisbursementDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DisbursementView> {
    return this.disbursements.request(user, body, key);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('approver')
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ApproveDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.approve(user, id, body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('approver')
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RejectDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.reject(user, id, body);
  }

  /** Any role: whether the caller is the requester is the rule. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CancelDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.cancel(user, id, body);
  }

  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListDisbursementsQuery,
  ): Promise<Page<DisbursementView>> {
    return this.disbursements.list(user, query);
  }

  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<DisbursementView> {
    return this.disbursements.get(user, id);
  }
}
