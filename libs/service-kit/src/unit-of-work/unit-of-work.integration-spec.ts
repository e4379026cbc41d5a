import { BaseServiceConfig } from '@aidflow/platform';
import { eventually, startTestService, TestService } from '@aidflow/testing';
import { DynamicModule, Module } from '@nestjs/common';
import { Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceKitModule } from '../service-kit.module';
import { LockOrder, LockOrderViolation } from './lock-order';
import { UnitOfWork } from './unit-of-work';
import { IncompleteWriteError, WriteTransaction } from './write-transaction';

class UowConfig extends BaseServiceConfig {
  @Matches(/^[a-z_][a-z0-9_]*$/)
  DB_SCHEMA = 'uow';
}

const ORDER = new LockOrder([
  { name: 'parent', table: 'uow_parents', columns: 'id, n' },
  { name: 'key', advisory: true },
  { name: 'child', table: 'uow_children', columns: 'id, n' },
]);

@Module({})
class UowAppModule {
  static forRoot(config: UowConfig): DynamicModule {
    return {
      module: UowAppModule,
      imports: [ServiceKitModule.forRoot({ serviceName: 'uow-probe', config, lockOrder: ORDER })],
    };
  }
}

describe('UnitOfWork', () => {
  let service: TestService<UowConfig>;
  let uow: UnitOfWork;
  let db: DataSource;

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return row?.n ?? -1;
  };
  const outboxOf = (seq: number) =>
    count(`outbox WHERE envelope->'data'->>'seq' = $1`, [String(seq)]);
  const auditOf = (id: string) => count(`audit_log WHERE target_id = $1`, [id]);
  const parentRows = (id: string) => count(`uow_parents WHERE id = $1`, [id]);

  /** Inserts a parent row, its event and its audit row (a complete write). */
  const insertParent = async (tx: WriteTransaction, id: string, seq: number) => {
    await tx.manager.query(`INSERT INTO uow_parents (id, n) VALUES ($1, $2)`, [id, seq]);
    tx.publish('system.probe', id, { seq });
    tx.record({ action: 'parent.create', targetType: 'parent', targetId: id });
  };

  beforeAll(async () => {
    service = await startTestService({
      serviceName: 'uow-probe',
      configClass: UowConfig,
      appModule: (config) => UowAppModule.forRoot(config),
    });
    uow = service.app.get(UnitOfWork);
    db = service.app.get(DataSource);
    await db.query(`CREATE TABLE uow_parents (id uuid PRIMARY KEY, n int NOT NULL)`);
    await db.query(`CREATE TABLE uow_children (id uuid PRIMARY KEY, n int NOT NULL)`);
  });
  afterAll(() => service?.close());

  it('commits the rows, the event and the audit row together and returns the result', async () => {
    const id = randomUUID();
    const result = await uow.run({}, async (tx) => {
      await insertParent(tx, id, 1);
      return { id };
    });
    expect(result).toEqual({ id });
    expect([await parentRows(id), await outboxOf(1), await auditOf(id)]).toEqual([1, 1, 1]);
  });

  it('refuses a write without its audit row and keeps none of it', async () => {
    const id = randomUUID();
    await expect(
      uow.run({}, async (tx) => {
        await tx.manager.query(`INSERT INTO uow_parents (id, n) VALUES ($1, 2)`, [id]);
        tx.publish('system.probe', id, { seq: 2 });
      }),
    ).rejects.toThrow(IncompleteWriteError);
    expect([await parentRows(id), await outboxOf(2)]).toEqual([0, 0]);
  });

  it('refuses a write without its event unless it says why it has none', async () => {
    const id = randomUUID();
    const audited = (tx: WriteTransaction) =>
      tx.record({ action: 'parent.touch', targetType: 'parent', targetId: id });
    await expect(uow.run({}, async (tx) => audited(tx))).rejects.toThrow(/publish its event/);
    expect(await auditOf(id)).toBe(0);
    await uow.run({}, async (tx) => {
      audited(tx);
      tx.withoutEvent('kept aside for review');
    });
    expect(await auditOf(id)).toBe(1);
  });

  it('lets a write that changed nothing commit bare, but not with queued rows', async () => {
    await expect(uow.run({}, async (tx) => tx.unchanged('a duplicate'))).resolves.toBeUndefined();
    const id = randomUUID();
    await expect(
      uow.run({}, async (tx) => {
        await insertParent(tx, id, 3);
        tx.unchanged('wrongly');
      }),
    ).rejects.toThrow(IncompleteWriteError);
    expect([await parentRows(id), await outboxOf(3)]).toEqual([0, 0]);
  });

  it('a failure after publishing rolls back: no outbox row, no audit row', async () => {
    const id = randomUUID();
    await expect(
      uow.run({}, async (tx) => {
        await insertParent(tx, id, 4);
        throw new Error('rule refused');
      }),
    ).rejects.toThrow('rule refused');
    expect([await parentRows(id), await outboxOf(4), await auditOf(id)]).toEqual([0, 0, 0]);
  });

  it('an invalid event refuses the whole write at commit', async () => {
    const id = randomUUID();
    await expect(
      uow.run({}, async (tx) => {
        await insertParent(tx, id, 5);
        tx.publish('system.probe', id, { seq: 'five' as unknown as number });
      }),
    ).rejects.toThrow(/refusing to publish invalid system.probe/);
    expect([await parentRows(id), await outboxOf(5), await auditOf(id)]).toEqual([0, 0, 0]);
  });

  it('with an idempotency key, a repeat returns the first result and runs nothing', async () => {
    let runs = 0;
    const write = () =>
      uow.run({ idempotency: { key: 'uow-key-0001', request: { seq: 6 } } }, async (tx) => {
        runs++;
        const id = randomUUID();
        await insertParent(tx, id, 6);
        return { id };
      });
    const first = await write();
    expect(await write()).toEqual(first);
    expect([runs, await outboxOf(6)]).toEqual([1, 1]);
  });

  it('a helper joining the open write adds to it; a bare transaction completes on its own', async () => {
    const id = randomUUID();
    await uow.run({}, async (tx) => {
      await tx.manager.query(`INSERT INTO uow_parents (id, n) VALUES ($1, 7)`, [id]);
      await uow.within(tx.manager, async (joined) => {
        expect(joined).toBe(tx);
        joined.publish('system.probe', id, { seq: 7 });
        joined.record({ action: 'parent.create', targetType: 'parent', targetId: id });
      });
    });
    expect([await outboxOf(7), await auditOf(id)]).toEqual([1, 1]);

    await expect(
      db.transaction((manager) =>
        uow.within(manager, async (tx) => {
          tx.publish('system.probe', randomUUID(), { seq: 8 });
        }),
      ),
    ).rejects.toThrow(IncompleteWriteError);
    expect(await outboxOf(8)).toBe(0);
    await expect(uow.within(db.manager, async () => undefined)).rejects.toThrow(/transaction/);
  });

  it('a savepoint rolled back drops the events and audit rows queued since', async () => {
    const kept = randomUUID();
    const dropped = randomUUID();
    await uow.run({}, async (tx) => {
      await insertParent(tx, kept, 9);
      const savepoint = await tx.savepoint();
      await insertParent(tx, dropped, 10);
      await savepoint.rollback();
    });
    expect([await parentRows(kept), await outboxOf(9)]).toEqual([1, 1]);
    expect([await parentRows(dropped), await outboxOf(10), await auditOf(dropped)]).toEqual([
      0, 0, 0,
    ]);
  });

  describe('locks', () => {
    const parents = [randomUUID(), randomUUID(), randomUUID()].sort();
    const child = randomUUID();
    beforeAll(async () => {
      for (const [n, id] of parents.entries()) {
        await db.query(`INSERT INTO uow_parents (id, n) VALUES ($1, $2)`, [id, 100 + n]);
      }
      await db.query(`INSERT INTO uow_children (id, n) VALUES ($1, 200)`, [child]);
    });
    const lockThen = (steps: (tx: WriteTransaction) => Promise<unknown>) =>
      uow.run({}, async (tx) => {
        await steps(tx);
        tx.unchanged('only locks');
      });

    it('returns the locked rows by key, in the declared order', async () => {
      await lockThen(async (tx) => {
        const rows = await tx.lock<{ id: string; n: number }>('parent', [parents[1], parents[0]]);
        expect([...rows.keys()]).toEqual([parents[0], parents[1]]);
        expect(rows.get(parents[1])?.n).toBe(101);
        await tx.lock('key', ['a', 'b']);
        expect((await tx.lock('child', [child])).size).toBe(1);
        // Keys already held, and later keys of the same kind, are fine.
        await tx.lock('child', [child]);
      });
    });

    it('refuses a kind taken after a kind listed below it', async () => {
      await expect(
        lockThen(async (tx) => {
          await tx.lock('child', [child]);
          await tx.lock('parent', [parents[0]]);
        }),
      ).rejects.toThrow(LockOrderViolation);
      await expect(
        lockThen(async (tx) => {
          await tx.lock('unknown', ['x']);
        }),
      ).rejects.toThrow(/not in this service's lock order/);
    });

    it('refuses keys of one kind out of order', async () => {
      await expect(
        lockThen(async (tx) => {
          await tx.lock('parent', [parents[2]]);
          await tx.lock('parent', [parents[0]]);
        }),
      ).rejects.toThrow(LockOrderViolation);
    });

    it('a row lock holds another writer of the row until commit', async () => {
      const events: string[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const first = lockThen(async (tx) => {
        await tx.lock('parent', [parents[0]]);
        locked();
        await held;
        events.push('first commits');
      });
      await isLocked;
      const second = lockThen(async (tx) => {
        await tx.lock('parent', [parents[0]]);
        events.push('second locked');
      });
      // The second writer waits in PostgreSQL on the row lock until the first commits.
      await eventually(
        async () => {
          const [row] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE '%FROM uow_parents%FOR UPDATE%'`,
          );
          return (row?.n ?? 0) > 0 ? true : undefined;
        },
        { what: 'the second writer waiting on the row lock' },
      );
      release();
      await Promise.all([first, second]);
      expect(events).toEqual(['first commits', 'second locked']);
    });
  });
});
