import { RequestContext } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeConfig } from '../config/intake.config';
import { takeLease } from './job-lease';
import { RelapseRepository } from './relapse.repository';
import { RelapseEvaluator } from './relapse-evaluator.service';

export const SWEEP_ACTOR = 'system:relapse-monitoring';
const LEASE = 'relapse-monitoring';
const PAGE = 200;

/**
 * Runs every household's rules on a schedule (the time-driven ones, "not visited for N days" and
 * "watched for M months", fire without any event). The replica holding the lease sweeps; each
 * household is its own transaction.
 */
@Injectable()
export class RelapseSweepJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RelapseSweep');
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RelapseRepository,
    private readonly evaluator: RelapseEvaluator,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.MONITORING_INTERVAL_MS > 0) this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * One sweep (tests call it with `now`): the follow-ups opened, or null when another replica
   * holds the lease. `force` skips the lease, for the concurrency test of two evaluations.
   */
  async sweep(now: Date = new Date(), force = false): Promise<string[] | null> {
    const ttl = Math.max(this.config.MONITORING_INTERVAL_MS, 1000) * 2;
    if (!force && !(await takeLease(this.dataSource, LEASE, this.holder, ttl))) return null;
    const opened: string[] = [];
    let after: string | null = null;
    for (;;) {
      const ids = await this.repository.householdIdsAfter(this.dataSource.manager, after, PAGE);
      for (const id of ids) {
        const ids = await RequestContext.run(
          {
            requestId: randomUUID(),
            correlationId: randomUUID(),
            actor: { sub: SWEEP_ACTOR, roles: [] },
          },
          () => this.dataSource.transaction((manager) => this.evaluator.evaluate(manager, id, now)),
        );
        opened.push(...ids);
      }
      if (ids.length < PAGE) return opened;
      after = ids[ids.length - 1]!;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.config.MONITORING_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const opened = await this.sweep();
      if (opened && opened.length > 0)
        this.logger.log(`opened ${opened.length} relapse follow-up(s)`);
    } catch (error) {
      this.logger.error(
        `relapse sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.schedule();
    }
  }
}
