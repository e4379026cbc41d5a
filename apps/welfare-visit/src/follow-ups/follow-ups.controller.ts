import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { AssignFollowUpDto } from './dto/assign-follow-up.dto';
import { CloseFollowUpDto } from './dto/close-follow-up.dto';
import { FollowUpView } from './dto/follow-up.view';
import { ListFollowUpsQuery } from './dto/list-follow-ups.query';
import { OpenFollowUpDto } from './dto/open-follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

@Controller('api/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @ApiRoute({
    summary: 'Open a follow-up for a beneficiary',
    errors: { 403: '', 404: '', 422: '' },
  })
  @Post()
  @Roles('field', 'ops', 'admin')
  open(@CurrentUser() user: AuthUser, @Body() body: OpenFollowUpDto): Promise<FollowUpView> {
    return this.followUps.open(user, body);
  }

  @ApiRoute({ summary: 'Follow-ups in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListFollowUpsQuery,
  ): Promise<Page<FollowUpView>> {
    return this.followUps.list(user, query);
  }

  @ApiRoute({ summary: 'One follow-up', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<FollowUpView> {
    return this.followUps.get(user, id);
  }

  @ApiRoute({ summary: 'Assign a follow-up', errors: { 403: '', 404: '', 409: 'closed', 422: '' } })
  @Post(':id/assign')
  @HttpCode(200)
  @Roles('field', 'ops', 'admin')
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AssignFollowUpDto,
  ): Promise<FollowUpView> {
    return this.followUps.assign(user, id, body);
  }

  @ApiRoute({
    summary: 'Close a follow-up with its outcome',
    errors: { 403: '', 404: '', 409: 'already closed', 422: '' },
  })
  @Post(':id/close')
  @HttpCode(200)
  @Roles('field', 'ops', 'admin')
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CloseFollowUpDto,
  ): Promise<FollowUpView> {
    return this.followUps.close(user, id, body);
  }
}
