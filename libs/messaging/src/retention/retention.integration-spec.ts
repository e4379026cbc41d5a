import { uniqueName } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { MessagingMetrics } from '../messaging.metrics';
import { SpineNode, startSpineNode } from '../testing/spine-harness';
import { RETENTION_LEASE, RetentionJob } from './retention-job';

const DAY_MS = 86_400_000;

// Retention removes only what can no longer be needed, and only one replica (the lease holder) runs it.
describe('messaging retention (real Postgres)', () => {
  let node: SpineNode;

  beforeAll(async () => {
    node = await startSpineNode({
      serviceName: 'retention',
      schema: uniqueName('retention'),
      topicPrefix: `${uniqueName('retention')}.`,
      relay: false,
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  const job = (holder: string) =>
    new RetentionJob(
      node.dataSource,
      { windowMs: 7 * DAY_MS, intervalMs: 0, holder, chunkSize: 2 },
      node.app.get(MessagingMetrics),
    );

  async function outboxRow(
    label: string,
    ageDays: number,
    state: 'published' | 'unpublished' | 'parked',
  ): Promise<string> {
    const id = randomUUID();
    await node.dataSource.query(
      `INSERT INTO outbox (id, topic, aggregate_id, type, version, envelope, created_at, published_at, parked_at)
       VALUES ($1, 'aidflow.ops.v1', $2, 'system.probe', 1, '{}'::jsonb, now() - make_interval(days => $3),
               CASE WHEN $4 = 'published' THEN now() - make_interval(days => $3) END,
               CASE WHEN $4 = 'parked' THEN now() - make_interval(days => $3) END)`,
      [id, label, ageDays, state],
    );
    return id;
  }

  async function inboxRow(ageDays: number, outcome = 'processed'): Promise<string> {
    const id = randomUUID();
    await node.dataSource.query(
      `INSERT INTO inbox (consumer_group, event_id, type, topic, partition, "offset", outcome, processed_at)
       VALUES ('g', $1, 'system.probe', 'aidflow.ops.v1', 0, 0, $2, now() - make_interval(days => $3))`,
      [id, outcome, ageDays],
    );
    return id;
  }

  const remaining = async (table: 'outbox' | 'inbox', column: 'id' | 'event_id', ids: string[]) =>
    (
      await node.dataSource.query<{ id: string }[]>(
        `SELECT ${column}::text AS id FROM ${table} WHERE ${column} = ANY($1::uuid[])`,
        [ids],
      )
    )
      .map((r) => r.id)
      .sort();

  it('prunes published outbox rows and inbox ids past the window, keeps the rest', async () => {
    const oldPublished = [
      await outboxRow('a', 8, 'published'),
      await outboxRow('b', 30, 'published'),
      await outboxRow('c', 9, 'published'),
    ];
    const keptOutbox = [
      await outboxRow('d', 6, 'published'),
      await outboxRow('e', 30, 'unpublished'), // never published: still owed to the broker
      await outboxRow('f', 30, 'parked'), // waits for an operator
    ];
    const oldInbox = [await inboxRow(8), await inboxRow(20, 'dead_lettered'), await inboxRow(10)];
    const keptInbox = [await inboxRow(6), await inboxRow(0)];

    const result = await job('replica-1').pruneOnce();

    expect(result).toEqual({ outbox: 3, inbox: 3 });
    expect(await remaining('outbox', 'id', [...oldPublished, ...keptOutbox])).toEqual(
      [...keptOutbox].sort(),
    );
    expect(await remaining('inbox', 'event_id', [...oldInbox, ...keptInbox])).toEqual(
      [...keptInbox].sort(),
    );
    const pruned = await node.app.get(MessagingMetrics).pruned.get();
    expect(pruned.values.find((v) => v.labels.table === 'outbox')?.value).toBeGreaterThanOrEqual(3);
  });

  it('runs on one replica: another waits while the lease is held and takes over once it is released', async () => {
    const first = job('replica-1');
    const second = job('replica-2');
    await first.pruneOnce(); // holds (renews) the lease
    const old = await inboxRow(30);

    expect(await second.pruneOnce()).toBeUndefined();
    expect(await remaining('inbox', 'event_id', [old])).toEqual([old]);

    await first.stop(); // hands the lease over
    expect(await second.pruneOnce()).toEqual({ outbox: 0, inbox: 1 });
    const [lease] = await node.dataSource.query<{ holder: string }[]>(
      `SELECT holder FROM job_leases WHERE name = $1`,
      [RETENTION_LEASE],
    );
    expect(lease.holder).toBe('replica-2');
    await second.stop();
  });

  it('a holder that stops renewing is replaced when its lease expires', async () => {
    await node.dataSource.query(
      `UPDATE job_leases SET holder = 'crashed-replica', expires_at = now() - interval '1 second' WHERE name = $1`,
      [RETENTION_LEASE],
    );
    const old = await inboxRow(30);
    expect(await job('replica-3').pruneOnce()).toEqual({ outbox: 0, inbox: 1 });
    expect(await remaining('inbox', 'event_id', [old])).toEqual([]);
  });
});
