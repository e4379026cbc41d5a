import { AuditEntry, AuditService } from '@aidflow/audit';
import { EventPayloads, EventType } from '@aidflow/contracts';
import { NewEvent, OutboxService } from '@aidflow/messaging';
import { EntityManager } from 'typeorm';
import {
  ADVISORY_LOCK_SQL,
  LockOrder,
  LockOrderViolation,
  RowLockKind,
  rowLockSql,
} from './lock-order';

/** A write the unit of work refuses to commit (it forgot its audit row or its event). */
export class IncompleteWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteWriteError';
  }
}

/** A savepoint inside a write: rolling back also drops the events and audit rows queued since. */
export interface WriteSavepoint {
  rollback(): Promise<void>;
  release(): Promise<void>;
}

/**
 * One write's transaction as a use case sees it: locks in the service's order, events and audit
 * rows queued and appended together at commit (one statement each), and the rule that a write
 * that changed something records an audit row and publishes an event or says why it has none.
 */
export class WriteTransaction {
  private readonly events: NewEvent[] = [];
  private readonly entries: AuditEntry[] = [];
  private readonly held = new Map<string, Set<string>>();
  private highest: { name: string; rank: number } | undefined;
  private noEventReason: string | undefined;
  private unchangedReason: string | undefined;
  private savepoints = 0;
  private completed = false;

  constructor(
    readonly manager: EntityManager,
    private readonly order: LockOrder,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Locks `keys` of a kind of the service's lock order, in key order, and returns the rows of a
   * row kind by key (an advisory kind returns an empty map). Refuses a kind listed above one
   * already held, and keys below a key of the same kind already held.
   */
  async lock<Row = never>(name: string, keys: readonly string[]): Promise<Map<string, Row>> {
    this.assertOpen();
    const { kind, rank } = this.order.get(name);
    if (this.highest && rank < this.highest.rank) {
      throw new LockOrderViolation(`${name} is taken before ${this.highest.name}, not after`);
    }
    const held = this.held.get(name) ?? new Set<string>();
    const sorted = [...new Set(keys)].sort();
    const fresh = sorted.filter((k) => !held.has(k));
    const top = [...held].sort().pop();
    const below = top === undefined ? [] : fresh.filter((k) => k < top);
    if (below.length > 0) {
      // A writer holding one of these keys and wanting ours would wait on us while we wait on it.
      throw new LockOrderViolation(`${name} ${below.join(', ')} after ${name} ${top ?? ''}`);
    }
    if (sorted.length === 0) return new Map();
    if (!this.highest || rank > this.highest.rank) this.highest = { name, rank };
    for (const k of fresh) held.add(k);
    this.held.set(name, held);
    if ('advisory' in kind) {
      for (const key of fresh) await this.manager.query(ADVISORY_LOCK_SQL, [name, key]);
      return new Map();
    }
    const rows = await this.manager.query<Record<string, unknown>[]>(rowLockSql(kind), [sorted]);
    return new Map(rows.map((row) => [String(row[keyOf(kind)]), row as Row]));
  }

  /** Queues an event for the outbox; it commits with the write or not at all. */
  publish<T extends EventType>(type: T, aggregateId: string, data: EventPayloads[T]): void {
    this.assertOpen();
    this.events.push({ type, aggregateId, data } as NewEvent);
  }

  /** Queues the write's audit row (actor and request id come from the request context). */
  record(entry: AuditEntry): void {
    this.assertOpen();
    this.entries.push(entry);
  }

  /** This write tells no other service anything (e.g. a resend kept aside for review). */
  withoutEvent(why: string): void {
    this.noEventReason = why;
  }

  /** This write changed nothing (a duplicate, a no-op): it commits with no audit row or event. */
  unchanged(why: string): void {
    this.unchangedReason = why;
  }

  async savepoint(): Promise<WriteSavepoint> {
    this.assertOpen();
    const name = `uow_${++this.savepoints}`;
    const mark = { events: this.events.length, entries: this.entries.length };
    await this.manager.query(`SAVEPOINT ${name}`);
    return {
      rollback: async () => {
        await this.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
        await this.manager.query(`RELEASE SAVEPOINT ${name}`);
        this.events.length = mark.events;
        this.entries.length = mark.entries;
      },
      release: async () => {
        await this.manager.query(`RELEASE SAVEPOINT ${name}`);
      },
    };
  }

  /** Checks the write is whole and appends its events and audit rows; called by the unit of work. */
  async complete(): Promise<void> {
    this.assertOpen();
    this.completed = true;
    const recorded = this.entries.length > 0 || this.events.length > 0;
    if (this.unchangedReason !== undefined && !recorded) return;
    if (this.unchangedReason !== undefined) {
      throw new IncompleteWriteError(
        `a write declared unchanged (${this.unchangedReason}) queued events or audit rows`,
      );
    }
    if (this.entries.length === 0) {
      throw new IncompleteWriteError(
        'a write must record its audit row (tx.record), or declare tx.unchanged(why)',
      );
    }
    if (this.events.length === 0 && this.noEventReason === undefined) {
      throw new IncompleteWriteError(
        'a write must publish its event (tx.publish), or declare tx.withoutEvent(why)',
      );
    }
    await this.outbox.publishMany(this.manager, this.events);
    await this.audit.recordMany(this.manager, this.entries);
  }

  private assertOpen(): void {
    if (this.completed) throw new Error('this write is already complete');
  }
}

function keyOf(kind: RowLockKind): string {
  return kind.key ?? 'id';
}
