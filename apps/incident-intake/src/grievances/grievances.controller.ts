import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AssignGrievanceDto } from './dto/assign-grievance.dto';
import { CloseGrievanceDto } from './dto/close-grievance.dto';
import { GrievanceView } from './dto/grievance.view';
import { ListGrievancesQuery } from './dto/list-grievances.query';
import { OpenGrievanceDto } from './dto/open-grievance.dto';
import { GrievancesService } from './grievances.service';

@Controller('api/grievances')
export class GrievancesController {
  constructor(private readonly grievances: GrievancesService) {}

  @ApiRoute({
    summary: 'Open a grievance (a client-chosen id makes a re-send return the first result)',
    errors: {
      403: '',
      409: 'the id is used for another grievance',
      422: 'no such incident or beneficiary',
    },
  })
  @Post()
  @Roles('field', 'ops', 'finance', 'admin')
  open(@CurrentUser() user: AuthUser, @Body() body: OpenGrievanceDto): Promise<GrievanceView> {
    return this.grievances.open(user, body);
  }

  @ApiRoute({ summary: 'Grievances in the caller’s subtree (sensitive ones for admins only)' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListGrievancesQuery,
  ): Promise<Page<GrievanceView>> {
    return this.grievances.list(user, query);
  }

  @ApiRoute({ summary: 'One grievance', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<GrievanceView> {
    return this.grievances.get(user, id);
  }

  @ApiRoute({
    summary: 'Assign a grievance',
    errors: { 403: '', 404: '', 409: 'already closed' },
  })
  @Post(':id/assign')
  @HttpCode(200)
  @Roles('ops', 'admin')
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AssignGrievanceDto,
  ): Promise<GrievanceView> {
    return this.grievances.assign(user, id, body);
  }

  @ApiRoute({
    summary: 'Close a grievance with its outcome',
    errors: { 403: '', 404: '', 409: 'already closed' },
  })
  @Post(':id/close')
  @HttpCode(200)
  @Roles('ops', 'admin')
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CloseGrievanceDto,
  ): Promise<GrievanceView> {
    return this.grievances.close(user, id, body);
  }
}
