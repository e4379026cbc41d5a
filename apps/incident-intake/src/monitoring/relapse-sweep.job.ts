import { LeasedIntervalJob } from '@aidflow/database';
import { RequestContext } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeConfig } from '../config/intake.config';
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
  readonly job: LeasedIntervalJob<string[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RelapseRepository,
    private readonly evaluator: RelapseEvaluator,
    @Inject(SERVICE_CONFIG) config: IntakeConfig,
  ) {
    this.job = new LeasedIntervalJob(dataSource, {
      name: LEASE,
      intervalMs: config.MONITORING_INTERVAL_MS,
      run: () => this.evaluateAll(new Date()),
      describe: (ids) => (ids.length > 0 ? `opened ${ids.length} relapse follow-up(s)` : undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /**
   * One sweep (tests call it with `now`): the follow-ups opened, or null when another replica
   * holds the lease. `force` skips the lease, for the concurrency test of two evaluations.
   */
  async sweep(now: Date = new Date(), force = false): Promise<string[] | null> {
    return force ? this.evaluateAll(now) : this.job.runOnce(() => this.evaluateAll(now));
  }

  private async evaluateAll(now: Date): Promise<string[]> {
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
}
