import { expect, it } from '@jest/globals';
import type { Page, Route } from 'playwright-core';
import {
  catalogue,
  expectOnServer,
  logVisit,
  memberOfNewTeam,
  openFieldAs,
  prepareThenGoOffline,
  queueShows,
} from './field-kit';
import { call, type Harness } from './kit';

const VISITS = 6;

/** The cut happens, or the failure says that the sync ended without getting that far. */
async function reachesCut(page: Page, cut: Promise<void>): Promise<void> {
  const ended = page
    .waitForSelector('#sync-status[data-outcome="done"]', { timeout: 30_000 })
    .then(async () => {
      throw new Error(`the sync ended before the cut: ${await page.locator('#queue').innerText()}`);
    });
  ended.catch(() => undefined);
  await Promise.race([cut, ended]);
}

/**
 * The network goes twice in the middle of a sync, each time right after a request reached the
 * server and before its answer came back: first the batch (the server stored every visit, the
 * device heard nothing), then a receipt upload after two visits were confirmed. Synced again,
 * the server holds each visit once with every receipt, and the queue is empty.
 */
export function fieldNetworkCutMidSync(h: () => Harness): void {
  it('syncs each visit and receipt exactly once when the network is cut half-way through a sync, twice', async () => {
    const { base, seed, users } = h();
    const site = seed.siteIds[1] ?? '';
    const people = seed.beneficiaryIds.filter((_, i) => i % 2 === 1);
    const { member, teamId } = await memberOfNewTeam(h(), 'field-cut-1', '慰问组 断网', site);
    const phone = await openFieldAs(h(), member);
    const { context, page, problems } = phone;
    try {
      await prepareThenGoOffline(phone);
      const ids: string[] = [];
      for (let i = 0; i < VISITS; i++)
        ids.push(
          await logVisit(page, {
            siteId: site,
            beneficiaryId: people[i % people.length] ?? '',
            photo: 200 + i,
          }),
        );
      await queueShows(page, VISITS);

      // Requests to /api/visits* pass while `allowance` lasts; the next one reaches the server, its
      // answer is dropped, and everything after it fails as with no network, until `up`.
      let allowance = 0;
      let down = false;
      let cut: () => void = () => undefined;
      const nextCut = (): Promise<void> => new Promise<void>((resolve) => (cut = resolve));
      let cutDone = nextCut();
      const sent: string[] = [];
      await context.route('**/api/visits/**', async (route: Route) => {
        const request = route.request();
        sent.push(`${request.method()} ${new URL(request.url()).pathname}`);
        if (down) return route.abort('internetdisconnected');
        if (allowance > 0) {
          allowance--;
          return route.continue();
        }
        await route.fetch();
        down = true;
        cut();
        return route.abort('connectionreset');
      });

      // 1. Back online: the sync starts by itself; the batch is stored, its answer lost.
      await context.setOffline(false);
      await reachesCut(page, cutDone);
      await page.waitForSelector('#sync-status[data-outcome="offline"]');
      expect(sent[0]).toBe('POST /api/visits/batch');
      expect(await page.locator('#queue li[data-state="queued"]').count()).toBe(VISITS);
      const stored = await call<{ items: unknown[] }>(
        base,
        users.ops,
        'GET',
        `/api/visits?teamId=${teamId}&limit=200`,
      );
      expect(stored.items).toHaveLength(VISITS);

      // 2. The batch again (all duplicates), two visits' receipt and confirmation, then the third
      // receipt reaches the server and the network goes again.
      cutDone = nextCut();
      sent.length = 0;
      allowance = 1 + 2 * 2;
      down = false;
      await page.click('#sync-now');
      await reachesCut(page, cutDone);
      await queueShows(page, VISITS - 2);
      await page.waitForSelector('#sync-now:not([disabled])');
      expect(sent.slice(0, 6).map((s) => s.replace(/[0-9a-f]{64}|[0-9a-f-]{36}/g, ':x'))).toEqual([
        'POST /api/visits/batch',
        'PUT /api/visits/:x/receipts/:x',
        'GET /api/visits/:x',
        'PUT /api/visits/:x/receipts/:x',
        'GET /api/visits/:x',
        'PUT /api/visits/:x/receipts/:x',
      ]);
      const waiting = page.locator('#queue li[data-state="receipts"]');
      expect(await waiting.count()).toBe(VISITS - 2);
      // In plain words: the server already had them, the photos are still going.
      for (const text of await waiting.locator('.state').allTextContents())
        expect(text).toContain(catalogue('zh-CN', 'field.queue.alreadyReceived'));

      // 3. The network stays: the rest goes, and the queue empties.
      down = false;
      allowance = Number.POSITIVE_INFINITY;
      await page.click('#sync-now');
      await page.waitForSelector(`#queue-summary[data-unsynced="0"][data-sent="${VISITS}"]`, {
        timeout: 30_000,
      });
      await expectOnServer(h(), teamId, ids);
      const conflicts = await call<{ items: { incoming?: { id?: string } }[] }>(
        base,
        users.ops,
        'GET',
        '/api/visits/conflicts?limit=100',
      );
      expect(conflicts.items.filter((c) => ids.includes(c.incoming?.id ?? ''))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
