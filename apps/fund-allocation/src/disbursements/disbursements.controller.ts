import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
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

  @ApiRoute({
    summary: 'Request a disbursement to a beneficiary',
    errors: {
      403: '',
      404: 'no such fund or beneficiary in scope',
      409: 'the beneficiary already has a disbursement from this fund (allowRepeat)',
      422: 'a business rule refuses it (e.g. insufficient balance), or the idempotency key was used for another request',
    },
  })
  @Post()
  @Roles('finance', 'field')
  request(
    @CurrentUser() user: AuthUser,
    @Body() body: RequestDisbursementDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DisbursementView> {
    return this.disbursements.request(user, body, key);
  }

  @ApiRoute({
    summary: 'Approve a disbursement (reserves the money)',
    errors: {
      403: 'the requester cannot approve their own request',
      404: '',
      409: 'already decided, or already approved by this approver',
      422: 'insufficient available balance',
    },
  })
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

  @ApiRoute({
    summary: 'Reject a disbursement',
    errors: {
      403: 'the requester cannot decide their own request',
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
    @Body() body: RejectDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.reject(user, id, body);
  }

  /** Any role: whether the caller is the requester is the rule. */
  @ApiRoute({
    summary: 'Cancel a request, or release an approved undelivered disbursement',
    errors: {
      403: 'only the requester or an approver may cancel',
      404: '',
      409: 'delivered or already closed',
    },
  })
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CancelDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.cancel(user, id, body);
  }

  @ApiRoute({ summary: 'Disbursements in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListDisbursementsQuery,
  ): Promise<Page<DisbursementView>> {
    return this.disbursements.list(user, query);
  }

  @ApiRoute({ summary: 'One disbursement with its history', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<DisbursementView> {
    return this.disbursements.get(user, id);
  }
}
