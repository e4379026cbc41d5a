import { AuditService } from '@aidflow/audit';
import { PG_TRANSIENT_STATES, sqlState } from '@aidflow/database';
import { OutboxService } from '@aidflow/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { LOCK_ORDER, LockOrder } from './lock-order';
import { WriteTransaction } from './write-transaction';

export type WriteIsolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface WriteOptions {
  /** Makes the write once per (actor, key): a repeat returns the first result, runs nothing. */
  idempotency?: { key: string | undefined; request: unknown };
  /** Runs the whole write again after a deadlock or serialization failure (nothing was kept). */
  attempts?: number;
  isolation?: WriteIsolation;
}

/**
 * The one way a service writes: a transaction, the idempotency check, locks in the service's
 * order, the write itself, and its events and audit rows appended at the end, all committed
 * together. A write without its audit row or event is refused and rolled back.
 */
@Injectable()
export class UnitOfWork {
  private readonly open = new WeakMap<EntityManager, WriteTransaction>();
  private readonly order: LockOrder;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    @Optional() @Inject(LOCK_ORDER) order?: LockOrder,
  ) {
    this.order = order ?? new LockOrder([]);
  }

  /** Runs `work` as one write in its own transaction and returns what it returned (the view). */
  async run<T>(options: WriteOptions, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const attempts = Math.max(options.attempts ?? 1, 1);
    for (let attempt = 1; ; attempt++) {
      try {
        const body = (manager: EntityManager) => this.once(manager, options, work);
        return await (options.isolation
          ? this.dataSource.transaction(options.isolation, body)
          : this.dataSource.transaction(body));
      } catch (error) {
        if (attempt < attempts && PG_TRANSIENT_STATES.has(sqlState(error) ?? '')) continue;
        throw error;
      }
    }
  }

  /**
   * Runs `work` inside a transaction someone else opened: the write of that manager when one is
   * open (a helper of a use case), else a write of its own that completes here (a consumer's
   * inbox transaction, a job's).
   */
  async within<T>(manager: EntityManager, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const joined = this.open.get(manager);
    if (joined) return work(joined);
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("a write needs a transaction: use run(), or pass the caller's manager");
    }
    return this.write(manager, work);
  }

  private async once<T>(
    manager: EntityManager,
    options: WriteOptions,
    work: (tx: WriteTransaction) => Promise<T>,
  ): Promise<T> {
    if (!options.idempotency) return this.write(manager, work);
    const { key, request } = options.idempotency;
    const { result } = await this.idempotency.once(manager, key, request, () =>
      this.write(manager, work),
    );
    return result;
  }

  private async write<T>(
    manager: EntityManager,
    work: (tx: WriteTransaction) => Promise<T>,
  ): Promise<T> {
    const tx = new WriteTransaction(manager, this.order, this.outbox, this.audit);
    this.open.set(manager, tx);
    try {
      const result = await work(tx);
      await tx.complete();
      return result;
    } finally {
      this.open.delete(manager);
    }
  }
}
