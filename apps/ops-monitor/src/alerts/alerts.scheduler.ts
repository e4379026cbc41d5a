import { SERVICE_CONFIG } from '@aidflow/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { OpsConfig } from '../config/ops.config';
import { AlertsService } from './alerts.service';

/** Runs the alert evaluator every ALERT_EVAL_INTERVAL_MS (never two runs at once). */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertsScheduler');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly alerts: AlertsService,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ALERT_EVAL_INTERVAL_MS > 0) this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.config.ALERT_EVAL_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.alerts.evaluate();
      if (result.raised.length > 0 || result.cleared.length > 0) {
        this.logger.log(`alerts: ${result.raised.length} raised, ${result.cleared.length} cleared`);
      }
    } catch (error) {
      // The next tick tries again; a failed evaluation changed nothing (one transaction).
      this.logger.error(
        `alert evaluation failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.schedule();
    }
  }
}
