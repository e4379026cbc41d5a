import { ApiRoute } from '@aidflow/platform';
import { Roles } from '@aidflow/auth';
import { Controller, Get } from '@nestjs/common';
import { LagReport, LagService } from './lag.service';

@Controller('api/ops/lag')
export class LagController {
  constructor(private readonly lag: LagService) {}

  /** Spine-wide figures, no org scope: only operations and admins see them. */
  @ApiRoute({ summary: 'Each consumer group’s lag per topic and partition' })
  @Get()
  @Roles('ops', 'admin')
  get(): Promise<LagReport> {
    return this.lag.compute();
  }
}
