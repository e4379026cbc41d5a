import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, EmptyBodyDto } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AlertPage, AlertsService, AlertView } from './alerts.service';
import { AlertIdParam } from './dto/alert-id.param';
import { ListAlertsQuery } from './dto/list-alerts.query';

@Controller('api/ops/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Newest first; org alerts within the caller's subtree plus the spine's own (DLQ, lag). */
  @ApiRoute({ summary: 'Alerts in the caller’s scope' })
  @Get()
  @Roles('ops', 'admin', 'finance')
  list(@CurrentUser() user: AuthUser, @Query() query: ListAlertsQuery): Promise<AlertPage> {
    return this.alerts.list(user, query);
  }

  /** Clears a discrepancy or DLQ alert once someone has looked into it (other rules clear themselves). */
  @ApiRoute({
    summary: 'Acknowledge an alert',
    errors: { 404: '', 409: 'already acknowledged or cleared' },
  })
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('ops', 'admin')
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param() params: AlertIdParam,
    // Nothing to send: a body with any field is refused rather than silently ignored.
    @Body() _body: EmptyBodyDto,
  ): Promise<AlertView> {
    return this.alerts.acknowledge(user, params.id);
  }
}
