import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { UuidParamPipe } from '@aidflow/platform';
import { CreateTeamDto } from './dto/create-team.dto';
import { TeamView } from './dto/team.view';
import { MyTeamsService, MyTeamView } from './my-teams.service';
import { TeamsService } from './teams.service';

@Controller('api/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly myTeams: MyTeamsService,
  ) {}

  @Post()
  @Roles('ops', 'admin')
  register(@CurrentUser() user: AuthUser, @Body() body: CreateTeamDto): Promise<TeamView> {
    return this.teams.register(user, body);
  }

  /** The caller's own teams with their sites (names, incidents): a field device prepares from it. */
  @Get('mine')
  mine(@CurrentUser() user: AuthUser): Promise<MyTeamView[]> {
    return this.myTeams.list(user);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<TeamView> {
    return this.teams.get(user, id);
  }
}
