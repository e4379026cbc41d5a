import { LeasedIntervalJob } from '@aidflow/database';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { AlertsService } from './alerts.service';

type Evaluation = Awaited<ReturnType<AlertsService['evaluate']>>;

/**
 * Runs the alert evaluator every ALERT_EVAL_INTERVAL_MS on the replica holding the
 * `alert-evaluation` lease (never two runs at once; a failed one changed nothing and is retried).
 */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  readonly job: LeasedIntervalJob<Evaluation>;

  constructor(
    alerts: AlertsService,
    dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: OpsConfig,
  ) {
    this.job = new LeasedIntervalJob(dataSource, {
      name: 'alert-evaluation',
      intervalMs: config.ALERT_EVAL_INTERVAL_MS,
      run: () => alerts.evaluate(),
      describe: (r) =>
        r.raised.length > 0 || r.cleared.length > 0
          ? `alerts: ${r.raised.length} raised, ${r.cleared.length} cleared`
          : undefined,
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }
}
