import { expect, it } from '@jest/globals';
import { EventTap, eventually } from '@aidflow/testing';
import { Client } from 'pg';
import { type Harness, openAs, screenshot, seriousViolations } from './kit';

/**
 * The DLQ screen end to end: an event ops-monitor cannot apply (its event log refuses that one
 * id, as a bug or a bad deploy would) is dead-lettered, listed with its reason, and replayed from
 * the screen once the cause is gone; the event is then applied once.
 */
export function deadLetterReplayedFromTheScreen(h: () => Harness): void {
  it('lists a dead letter with its reason and replays it from the DLQ screen, applied once', async () => {
    const harness = h();
    const url = new URL(harness.system.databaseUrl);
    const db = new Client({ connectionString: harness.system.databaseUrl });
    await db.connect();
    const tap = new EventTap(`${url.pathname.slice(1)}.`);
    const [table] = (
      await db.query<{ name: string }>(
        `SELECT quote_ident(schemaname) || '.event_log' AS name FROM pg_tables
          WHERE tablename = 'event_log'`,
      )
    ).rows;
    const eventLog = table?.name ?? 'event_log';
    try {
      const eventId = crypto.randomUUID();
      const logged = async (): Promise<number> =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${eventLog} WHERE event_id = $1`,
            [eventId],
          )
        ).rows[0]?.n ?? 0;
      await db.query(
        `ALTER TABLE ${eventLog} ADD CONSTRAINT e2e_poison CHECK (event_id <> '${eventId}')`,
      );
      await tap.publish('system.probe', 'dlq-e2e', { seq: 1 }, { id: eventId });

      const { page, context, problems } = await openAs(harness, harness.users.ops, '/ops/dlq');
      const row = page.locator('#dlq-table tbody tr', { hasText: 'system.probe' });
      await eventually(
        async () => {
          await page.click('main .page-head button.secondary');
          return (await row.count()) > 0 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: 'the dead letter on the DLQ screen' },
      );
      expect(await row.textContent()).toContain('e2e_poison');
      expect(await row.getAttribute('data-replays')).toBe('0');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'ops-dlq');
      expect(await logged()).toBe(0);

      await db.query(`ALTER TABLE ${eventLog} DROP CONSTRAINT e2e_poison`);
      await row.locator('button.replay').click();
      await page.waitForSelector('#dlq-replayed');
      await page.waitForSelector('#dlq-table tbody tr[data-replays="1"]');
      await eventually(async () => ((await logged()) === 1 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'the replayed event applied',
      });
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await db.query(`ALTER TABLE ${eventLog} DROP CONSTRAINT IF EXISTS e2e_poison`);
      await tap.stop();
      await db.end();
    }
  });
}
