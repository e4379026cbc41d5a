import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { IncidentView } from './dto/incident.view';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import { IncidentsService } from './incidents.service';

@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @ApiRoute({
    summary: 'Report an incident',
    errors: { 403: '', 409: '', 422: 'unknown lead org or area' },
  })
  @Post()
  @Roles('admin', 'ops')
  report(@CurrentUser() user: AuthUser, @Body() body: CreateIncidentDto): Promise<IncidentView> {
    return this.incidents.report(user, body);
  }

  @ApiRoute({ summary: 'Incidents in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListIncidentsQuery,
  ): Promise<Page<IncidentView>> {
    return this.incidents.list(user, query);
  }

  @ApiRoute({ summary: 'One incident', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<IncidentView> {
    return this.incidents.get(user, id);
  }

  @ApiRoute({
    summary: 'Move an incident forward: open → responding → recovery → closed',
    errors: { 403: '', 404: '', 409: 'not a forward move', 422: '' },
  })
  @Post(':id/status')
  @HttpCode(200)
  @Roles('admin', 'ops')
  changeStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ChangeStatusDto,
  ): Promise<IncidentView> {
    return this.incidents.changeStatus(user, id, body);
  }
}
