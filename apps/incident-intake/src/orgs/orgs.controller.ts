import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page } from '@aidflow/platform';
import { CreateOrgDto } from './dto/create-org.dto';
import { ListOrgsQuery } from './dto/list-orgs.query';
import { OrgView } from './dto/org.view';
import { OrgsService } from './orgs.service';

@Controller('api/orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @ApiRoute({
    summary: 'Register a union org in the tree',
    errors: {
      403: '',
      409: 'an org with this code exists',
      422: 'unknown parent, or a level that does not fit below it',
    },
  })
  @Post()
  @Roles('admin')
  register(@CurrentUser() user: AuthUser, @Body() body: CreateOrgDto): Promise<OrgView> {
    return this.orgs.register(user, body);
  }

  @ApiRoute({ summary: 'Orgs in the caller’s scope, optionally the children of one' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrgsQuery): Promise<Page<OrgView>> {
    return this.orgs.list(user, query);
  }

  @ApiRoute({ summary: 'One org by code', errors: { 404: '' } })
  @Get(':code')
  get(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<OrgView> {
    return this.orgs.get(user, code);
  }
}
