import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, PageQueryDto, UuidParamPipe } from '@aidflow/platform';
import { CreateSiteDto } from './dto/create-site.dto';
import { SiteView } from './dto/site.view';
import { SitesService } from './sites.service';

@Controller('api')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  /** Field teams may register too: they are the ones who find resettlement points on the ground. */
  @ApiRoute({
    summary: 'Register a site of an incident',
    errors: { 403: '', 404: 'no such incident in scope', 409: '' },
  })
  @Post('incidents/:id/sites')
  @Roles('admin', 'ops', 'field')
  register(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) incidentId: string,
    @Body() body: CreateSiteDto,
  ): Promise<SiteView> {
    return this.sites.register(user, incidentId, body);
  }

  @ApiRoute({ summary: 'Sites of an incident', errors: { 404: '' } })
  @Get('incidents/:id/sites')
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) incidentId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<SiteView>> {
    return this.sites.list(user, incidentId, query);
  }

  @ApiRoute({ summary: 'One site', errors: { 404: '' } })
  @Get('sites/:id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<SiteView> {
    return this.sites.get(user, id);
  }
}
