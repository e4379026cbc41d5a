import { expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  approvedCash,
  expectOnServer,
  fieldTeam,
  openFieldProfile,
  photo,
  prepare,
  shellCached,
} from './field-kit';
import { call, type Harness } from './kit';

/** Visits logged offline (the 50: ~19 s here); e2e/bench-field.ts runs the larger figures. */
const VISITS = Number(process.env.FIELD_E2E_VISITS ?? 50);

/**
 * Prepare online; log visits with receipt photos offline; reload offline; close the browser and
 * reopen the same profile, still offline; go online: the queue drains by itself and the server
 * holds each visit once and each receipt byte-identical.
 */
export function fieldOfflineRoundTrip(h: () => Harness): void {
  it(`logs ${VISITS} visits with receipts offline, survives reload and browser restart, then syncs each exactly once`, async () => {
    const { users, seed, base } = h();
    const site = seed.siteIds[0] ?? '';
    const teamId = await fieldTeam(h(), [users.field], site);
    // One approved disbursement at the site: its cash is prefilled in the app.
    const cashFor = seed.beneficiaryIds[4] ?? '';
    await approvedCash(h(), cashFor, 50_000);

    const profile = mkdtempSync(join(tmpdir(), 'aidflow-field-'));
    try {
      let { context, page } = await openFieldProfile(h(), profile, users.field);
      await prepare(page, 60_000);
      expect(await page.locator('#prepared [data-key="beneficiaries"]').textContent()).toBe('4');
      expect(await page.locator('#prepared [data-key="disbursements"]').textContent()).toBe('1');
      await shellCached(page);

      await context.setOffline(true);
      await page.click('#tab-log');
      // The list renders from IndexedDB after the tab opens: wait for it, not for the click.
      await page.locator('#people li').nth(3).waitFor({ timeout: 15_000 });
      const people = await page
        .locator('#people li')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-beneficiary') ?? ''));
      expect(people).toHaveLength(4);
      for (let i = 0; i < VISITS; i++) {
        const who = i === 0 ? cashFor : (people[i % people.length] ?? '');
        const row = page.locator(`#people li[data-beneficiary="${who}"]`);
        await row.locator('input.met').check();
        if (who === cashFor && i === 0) await row.locator('input.cash').check();
        await row
          .locator('input.receipt')
          .setInputFiles({ name: `receipt-${i}.png`, mimeType: 'image/png', buffer: photo(i + 1) });
        await row.locator('img.receipt-preview').waitFor();
        await page.click('#save-visit');
        await page.waitForSelector('#saved');
      }
      await page.click('#tab-queue');
      await page.waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`, { timeout: 15_000 });

      await page.reload();
      await page.waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`, { timeout: 15_000 });

      await context.close();
      ({ context, page } = await openFieldProfile(h(), profile, users.field));
      // Reopened with the network still off: the persistent context starts online, so cut it first.
      await context.setOffline(true);
      await page.goto(`${base}/field/queue`);
      await page.waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`, { timeout: 15_000 });
      expect(await page.locator('#network').getAttribute('data-online')).toBe('false');

      await context.setOffline(false);
      await page.waitForSelector('#queue-summary[data-unsynced="0"]', { timeout: 90_000 });

      const visits = await call<{ items: { id: string; beneficiaries: { cash?: unknown }[] }[] }>(
        base,
        users.ops,
        'GET',
        `/api/visits?teamId=${teamId}&limit=200`,
      );
      expect(visits.items).toHaveLength(VISITS);
      expect(new Set(visits.items.map((v) => v.id)).size).toBe(VISITS);
      expect(visits.items.filter((v) => v.beneficiaries.some((b) => b.cash))).toHaveLength(1);
      // Each once, each receipt stored and byte-identical.
      await expectOnServer(
        h(),
        teamId,
        visits.items.map((v) => v.id),
      );
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 240_000);
}
