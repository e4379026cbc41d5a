import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Page } from '@aidflow/platform';
import { CreateOrgDto } from './dto/create-org.dto';
import { ListOrgsQuery } from './dto/list-orgs.query';
import { OrgView } from './dto/org.view';
import { OrgsService } from './orgs.service';

@Controller('api/orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  @Roles('admin')
  register(@CurrentUser() user: AuthUser, @Body() body: CreateOrgDto): Promise<OrgView> {
    return this.orgs.register(user, body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrgsQuery): Promise<Page<OrgView>> {
    return this.orgs.list(user, query);
  }

  @Get(':code')
  get(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<OrgView> {
    return this.orgs.get(user, code);
  }
}
