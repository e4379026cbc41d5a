import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  DrawVerificationDto,
  ListVerificationsQuery,
  RecordOutcomeDto,
} from './dto/verification.dto';
import {
  VerificationsService,
  VerificationSummary,
  VerificationView,
} from './verifications.service';

@Controller('api/verifications')
export class VerificationsController {
  constructor(private readonly verifications: VerificationsService) {}

  @ApiRoute({
    summary: 'Draw a random sample of delivered disbursements to verify',
    errors: { 403: '', 404: 'no such fund or site in scope', 422: 'nothing delivered to sample' },
  })
  @Post()
  @Roles('finance', 'approver', 'ops')
  draw(
    @CurrentUser() user: AuthUser,
    @Body() body: DrawVerificationDto,
  ): Promise<VerificationView> {
    return this.verifications.draw(user, body);
  }

  @ApiRoute({
    summary: 'Record the outcome of one sampled item',
    errors: {
      403: '',
      404: 'no such verification or item',
      409: 'the item already has an outcome',
      422: '',
    },
  })
  @Post(':id/items/:disbursementId')
  @HttpCode(200)
  @Roles('finance', 'approver', 'ops')
  record(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('disbursementId', UuidParamPipe) disbursementId: string,
    @Body() body: RecordOutcomeDto,
  ): Promise<VerificationView> {
    return this.verifications.record(user, id, disbursementId, body);
  }

  @ApiRoute({
    summary: 'Verifications in the caller’s scope, newest first, with counts by outcome',
  })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListVerificationsQuery,
  ): Promise<Page<VerificationSummary>> {
    return this.verifications.list(user, query);
  }

  @ApiRoute({ summary: 'A verification with its items and counts by outcome', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<VerificationView> {
    return this.verifications.get(user, id);
  }
}
