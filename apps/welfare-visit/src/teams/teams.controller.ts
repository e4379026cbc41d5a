import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { UuidParamPipe } from '@aidflow/platform';
import { CreateTeamDto } from './dto/create-team.dto';
import { TeamView } from './dto/team.view';
import { TeamsService } from './teams.service';

@Controller('api/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Roles('ops', 'admin')
  register(@CurrentUser() user: AuthUser, @Body() body: CreateTeamDto): Promise<TeamView> {
    return this.teams.register(user, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<TeamView> {
    return this.teams.get(user, id);
  }
}
