import { AuditService } from '@aidflow/audit';
import { OutboxService } from '@aidflow/messaging';
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
import { takeLease } from '../monitoring/job-lease';
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
  private readonly logger = new Logger('GrievanceOverdue');
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GrievancesRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(SERVICE_CONFIG) private readonly config: IntakeConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.GRIEVANCE_OVERDUE_INTERVAL_MS > 0) this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One sweep (tests pass `now`): the grievances found overdue, or null without the lease. */
  async sweep(now: Date = new Date()): Promise<string[] | null> {
    const ttl = Math.max(this.config.GRIEVANCE_OVERDUE_INTERVAL_MS, 1000) * 2;
    if (!(await takeLease(this.dataSource, LEASE, this.holder, ttl))) return null;
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

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.config.GRIEVANCE_OVERDUE_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const found = await this.sweep();
      if (found && found.length > 0) this.logger.log(`${found.length} grievance(s) overdue`);
    } catch (error) {
      this.logger.error(
        `overdue sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.schedule();
    }
  }
}
