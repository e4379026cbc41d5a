import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, Page } from '@aidflow/platform';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ListRisksQuery } from './dto/list-risks.query';
import { RiskView } from './dto/risk.view';
import { RuleView } from './dto/rule.view';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { MonitoringRulesService } from './monitoring-rules.service';
import { RelapseRisksService } from './relapse-risks.service';

@Controller('api/monitoring')
export class MonitoringController {
  constructor(
    private readonly rules: MonitoringRulesService,
    private readonly risks: RelapseRisksService,
  ) {}

  @ApiRoute({ summary: 'The relapse rules with their parameters' })
  @Get('rules')
  listRules(): Promise<RuleView[]> {
    return this.rules.list();
  }

  @ApiRoute({
    summary: 'Enable, disable or tune a relapse rule',
    errors: { 404: 'no rule with this code' },
  })
  @Put('rules/:code')
  @Roles('admin')
  updateRule(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: UpdateRuleDto,
  ): Promise<RuleView> {
    return this.rules.update(user, code, body);
  }

  /** relapse_risk follow-ups in the caller's subtree (per site for the ops console). */
  @ApiRoute({ summary: 'Open relapse risks in the caller’s scope' })
  @Get('risks')
  listRisks(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRisksQuery,
  ): Promise<Page<RiskView>> {
    return this.risks.list(user, query);
  }
}
