import { LeasedIntervalJob } from '@aidflow/database';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { RequestContext } from '@aidflow/platform';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FundsConfig } from '../config/funds.config';
import { DISBURSEMENT_COLUMNS, DisbursementRow } from '../disbursements/dto/disbursement.view';
import { LedgerService } from '../ledger/ledger.service';
import { DisbursementReleaseService } from './disbursement-release.service';

export const EXPIRY_ACTOR = 'system:disbursement-expiry';
const LEASE = 'disbursement-expiry';

/**
 * With DISBURSEMENT_EXPIRY_D > 0, releases approved disbursements not delivered that many days
 * after their approval, through the same path as a person's cancel. Only the replica holding the
 * lease runs it; each release is its own transaction, so one refusal (cash in custody) does not
 * hold up the rest.
 */
@Injectable()
export class DisbursementExpiryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DisbursementExpiry');
  readonly job: LeasedIntervalJob<string[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly release: DisbursementReleaseService,
    @Inject(SERVICE_CONFIG) private readonly config: FundsConfig,
  ) {
    this.job = new LeasedIntervalJob(dataSource, {
      name: LEASE,
      intervalMs: config.DISBURSEMENT_EXPIRY_INTERVAL_MS,
      run: () => this.releaseDue(new Date()),
      describe: (ids) =>
        ids.length > 0 ? `released ${ids.length} expired disbursement(s)` : undefined,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.DISBURSEMENT_EXPIRY_D > 0) this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /** One sweep (tests call it with `now`); the ids released, or null when another replica holds the lease. */
  async sweep(now: Date = new Date()): Promise<string[] | null> {
    if (this.config.DISBURSEMENT_EXPIRY_D <= 0) return [];
    return this.job.runOnce(() => this.releaseDue(now));
  }

  private async releaseDue(now: Date): Promise<string[]> {
    const days = this.config.DISBURSEMENT_EXPIRY_D;
    const due = await this.dataSource.query<{ id: string }[]>(
      `SELECT d.id FROM disbursements d
        WHERE d.status = 'approved'
          AND (SELECT max(at) FROM disbursement_events e
                WHERE e.disbursement_id = d.id AND e.action = 'approved')
              < $1::timestamptz - make_interval(days => $2)
        ORDER BY d.id LIMIT 500`,
      [now, days],
    );
    const released: string[] = [];
    for (const { id } of due) {
      try {
        const done = await RequestContext.run(
          {
            requestId: randomUUID(),
            correlationId: randomUUID(),
            actor: { sub: EXPIRY_ACTOR, roles: [] },
          },
          () => this.releaseOne(id, days),
        );
        if (done) released.push(id);
      } catch (error) {
        this.logger.warn(
          `disbursement ${id} not released: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return released;
  }

  private async releaseOne(id: string, days: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [peek] = await manager.query<{ fund_id: string }[]>(
        `SELECT fund_id FROM disbursements WHERE id = $1`,
        [id],
      );
      if (!peek) return false;
      const fund = (await this.ledger.lockFunds(manager, [peek.fund_id])).get(peek.fund_id);
      const [d] = await manager.query<DisbursementRow[]>(
        `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE id = $1 FOR UPDATE`,
        [id],
      );
      // Delivered or cancelled meanwhile: nothing to release.
      if (!d || !fund || d.status !== 'approved') return false;
      await this.release.release(
        manager,
        d,
        fund,
        EXPIRY_ACTOR,
        `not delivered ${days} days after approval (DISBURSEMENT_EXPIRY_D)`,
        'disbursement.expire',
      );
      return true;
    });
  }
}
