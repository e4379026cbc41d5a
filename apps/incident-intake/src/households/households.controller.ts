import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CloseRiskDto } from '../monitoring/dto/close-risk.dto';
import { RiskView } from '../monitoring/dto/risk.view';
import { RelapseRisksService } from '../monitoring/relapse-risks.service';
import { AssessmentView, HouseholdView } from './dto/household.view';
import { RecordAssessmentDto } from './dto/record-assessment.dto';
import { HouseholdsService } from './households.service';

@Controller('api/households')
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly risks: RelapseRisksService,
  ) {}

  @ApiRoute({
    summary: 'Record a household assessment (runs the relapse rules)',
    errors: { 403: '', 404: 'no such beneficiary in scope', 422: '' },
  })
  @Post(':beneficiaryId/assessments')
  @Roles('field', 'ops', 'admin')
  assess(
    @CurrentUser() user: AuthUser,
    @Param('beneficiaryId', UuidParamPipe) beneficiaryId: string,
    @Body() body: RecordAssessmentDto,
  ): Promise<AssessmentView> {
    return this.households.assess(user, beneficiaryId, body);
  }

  @ApiRoute({
    summary: 'A household: latest assessment, tier history, open risks',
    errors: { 404: '' },
  })
  @Get(':beneficiaryId')
  get(
    @CurrentUser() user: AuthUser,
    @Param('beneficiaryId', UuidParamPipe) beneficiaryId: string,
  ): Promise<HouseholdView> {
    return this.households.get(user, beneficiaryId);
  }

  @ApiRoute({
    summary: 'Close a relapse risk with its outcome',
    errors: { 403: '', 404: '', 409: 'already closed' },
  })
  @Post(':beneficiaryId/risks/:riskId/close')
  @HttpCode(200)
  @Roles('field', 'ops', 'admin')
  closeRisk(
    @CurrentUser() user: AuthUser,
    @Param('beneficiaryId', UuidParamPipe) beneficiaryId: string,
    @Param('riskId', UuidParamPipe) riskId: string,
    @Body() body: CloseRiskDto,
  ): Promise<RiskView> {
    return this.risks.close(user, beneficiaryId, riskId, body);
  }
}
