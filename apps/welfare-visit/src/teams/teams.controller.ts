import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { CreateTeamDto } from './dto/create-team.dto';
import { ListTeamsQuery } from './dto/list-teams.query';
import { TeamView } from './dto/team.view';
import { MyTeamsService, MyTeamView } from './my-teams.service';
import { TeamsService } from './teams.service';

@Controller('api/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly myTeams: MyTeamsService,
  ) {}

  @ApiRoute({
    summary: 'Register a field team with its members and sites',
    errors: { 403: '', 409: '', 422: 'unknown site' },
  })
  @Post()
  @Roles('ops', 'admin')
  register(@CurrentUser() user: AuthUser, @Body() body: CreateTeamDto): Promise<TeamView> {
    return this.teams.register(user, body);
  }

  /** Teams of the caller's subtree with their sites: finance picks the team an advance is for. */
  @ApiRoute({ summary: 'Teams in the caller’s scope, with their sites' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListTeamsQuery): Promise<Page<MyTeamView>> {
    return this.myTeams.inScope(user, query);
  }

  /** The caller's own teams with their sites (names, incidents): a field device prepares from it. */
  @ApiRoute({ summary: 'The caller’s own teams with their sites' })
  @Get('mine')
  mine(@CurrentUser() user: AuthUser): Promise<MyTeamView[]> {
    return this.myTeams.list(user);
  }

  @ApiRoute({ summary: 'One team', errors: { 404: '' } })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<TeamView> {
    return this.teams.get(user, id);
  }
}
