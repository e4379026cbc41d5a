import { AuditService } from '@aidflow/audit';
import { LeasedIntervalJob } from '@aidflow/database';
import { OutboxService } from '@aidflow/messaging';
import { RequestContext } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeConfig } from '../config/intake.config';
import { GrievancesRepository } from './grievances.repository';

export const OVERDUE_ACTOR = 'system:grievance-overdue';
const LEASE = 'grievance-overdue';
const BATCH = 500;

/**
 * Publishes grievance.overdue once for every grievance still open past its due time (ops raises
 * the alert from it and clears it on grievance.closed). The replica holding the lease sweeps.
 */
@Injectable()
export class GrievanceOverdueJob implements OnApplicationBootstrap, OnModuleDestroy {
  readonly job: LeasedIntervalJob<string[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GrievancesRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(SERVICE_CONFIG) config: IntakeConfig,
  ) {
    this.job = new LeasedIntervalJob(dataSource, {
      name: LEASE,
      intervalMs: config.GRIEVANCE_OVERDUE_INTERVAL_MS,
      run: () => this.markOverdue(new Date()),
      describe: (ids) => (ids.length > 0 ? `${ids.length} grievance(s) overdue` : undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /** One sweep (tests pass `now`): the grievances found overdue, or null without the lease. */
  async sweep(now: Date = new Date()): Promise<string[] | null> {
    return this.job.runOnce(() => this.markOverdue(now));
  }

  private async markOverdue(now: Date): Promise<string[]> {
    const found: string[] = [];
    for (;;) {
      const ids = await RequestContext.run(
        {
          requestId: randomUUID(),
          correlationId: randomUUID(),
          actor: { sub: OVERDUE_ACTOR, roles: [] },
        },
        () =>
          this.dataSource.transaction(async (manager) => {
            const rows = await this.repository.markOverdue(manager, now, BATCH);
            for (const g of rows) {
              await this.outbox.publish(manager, 'grievance.overdue', g.id, {
                grievanceId: g.id,
                incidentId: g.incident_id,
                orgCode: g.org_code,
                category: g.category,
                openedAt: g.opened_at.toISOString(),
                dueAt: g.due_at.toISOString(),
              });
            }
            await this.audit.recordMany(
              manager,
              rows.map((g) => ({
                action: 'grievance.overdue',
                targetType: 'grievance',
                targetId: g.id,
                orgCode: g.org_code,
                summary: { category: g.category, dueAt: g.due_at.toISOString() },
              })),
            );
            return rows.map((g) => g.id);
          }),
      );
      found.push(...ids);
      if (ids.length < BATCH) return found;
    }
  }
}
