import { ApiRoute } from '@aidflow/platform';
import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { IncidentIdParam } from './dto/incident-id.param';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import { SummaryService } from './summary.service';
import { IncidentListItem, IncidentSummary } from './summary.types';

@Controller('api/ops/incidents')
@Roles('ops', 'admin', 'finance')
export class SummaryController {
  constructor(private readonly summaries: SummaryService) {}

  /** The incidents the caller may see (led within their subtree), for the dashboard's picker. */
  @ApiRoute({ summary: 'Incidents the operations view knows, in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListIncidentsQuery,
  ): Promise<{ items: IncidentListItem[]; nextCursor: string | null }> {
    return this.summaries.listIncidents(user, query);
  }

  @ApiRoute({
    summary: 'An incident’s live summary: funds, disbursements, visits, goods, follow-ups, alerts',
    errors: { 404: '' },
  })
  @Get(':id/summary')
  summary(
    @CurrentUser() user: AuthUser,
    @Param() params: IncidentIdParam,
  ): Promise<IncidentSummary> {
    return this.summaries.summary(user, params.id);
  }
}
