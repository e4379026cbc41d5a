import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { DrawVerificationDto, RecordOutcomeDto } from './dto/verification.dto';
import { VerificationsService, VerificationView } from './verifications.service';

@Controller('api/verifications')
export class VerificationsController {
  constructor(private readonly verifications: VerificationsService) {}

  @Post()
  @Roles('finance', 'approver', 'ops')
  draw(
    @CurrentUser() user: AuthUser,
    @Body() body: DrawVerificationDto,
  ): Promise<VerificationView> {
    return this.verifications.draw(user, body);
  }

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

  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<VerificationView> {
    return this.verifications.get(user, id);
  }
}
