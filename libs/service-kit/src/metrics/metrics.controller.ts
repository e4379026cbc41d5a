import { Public } from '@aidflow/auth';
import { MetricsService } from '@aidflow/platform';
import { Controller, Get, Header } from '@nestjs/common';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  text(): Promise<string> {
    return this.metrics.text();
  }
}
