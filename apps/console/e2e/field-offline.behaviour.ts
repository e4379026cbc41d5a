import { expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { photo } from './field-kit';
import { call, type Harness } from './kit';

/** Visits logged offline (the 50: ~19 s here); e2e/bench-field.ts runs the larger figures. */
const VISITS = Number(process.env.FIELD_E2E_VISITS ?? 50);

async function openField(
  h: Harness,
  profile: string,
  token: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 412, height: 900 },
  });
  // The console keeps its session in sessionStorage (a new browser session starts signed out):
  // this stands for the user signing in again.
  await context.addInitScript(
    (session) => {
      if (!sessionStorage.getItem('aidflow.session'))
        sessionStorage.setItem('aidflow.session', session);
    },
    JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 }),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${h.base}/field/prepare`);
  return { context, page };
}

/** Polls until `check` returns a value (the services learn of writes through events). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  o: { timeoutMs: number; what: string },
): Promise<T> {
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${o.what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Prepare online; log visits with receipt photos offline; reload offline; close the browser and
 * reopen the same profile, still offline; go online: the queue drains by itself and the server
 * holds each visit once and each receipt byte-identical.
 */
export function fieldOfflineRoundTrip(h: () => Harness): void {
  it(`logs ${VISITS} visits with receipts offline, survives reload and browser restart, then syncs each exactly once`, async () => {
    const { users, seed, base } = h();
    const site = seed.siteIds[0] ?? '';
    const team = await call<{ id: string }>(base, users.ops, 'POST', '/api/teams', {
      name: `慰问组 ${Date.now()}`,
      orgCode: 'QH',
      memberIds: [users.field.sub],
      siteIds: [site],
    });
    // One approved disbursement at the site: its cash is prefilled in the app.
    const cashFor = seed.beneficiaryIds[4] ?? '';
    const request = await call<{ id: string }>(base, users.finance, 'POST', '/api/disbursements', {
      fundId: seed.fundId,
      beneficiaryId: cashFor,
      amountFen: 50_000,
      purpose: '慰问金',
    });
    await call(base, users.approverA, 'POST', `/api/disbursements/${request.id}/approve`, {});
    await eventually(
      async () => {
        const list = await call<{ items: { id: string }[] }>(
          base,
          users.field,
          'GET',
          '/api/disbursements?status=approved',
        );
        return list.items.some((d) => d.id === request.id) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the approval' },
    );

    const profile = mkdtempSync(join(tmpdir(), 'aidflow-field-'));
    try {
      let { context, page } = await openField(h(), profile, users.field.token);
      await page.click('#prepare');
      await page.waitForSelector('#prepare-progress[data-step="done"]', { timeout: 60_000 });
      expect(await page.locator('#prepared [data-key="beneficiaries"]').textContent()).toBe('4');
      expect(await page.locator('#prepared [data-key="disbursements"]').textContent()).toBe('1');
      // The shell must be cached before the network goes.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++)
          await new Promise((r) => setTimeout(r, 100));
      });

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
      ({ context, page } = await openField(h(), profile, users.field.token));
      // Reopened with the network still off: the persistent context starts online, so cut it first.
      await context.setOffline(true);
      await page.goto(`${base}/field/queue`);
      await page.waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`, { timeout: 15_000 });
      expect(await page.locator('#network').getAttribute('data-online')).toBe('false');

      await context.setOffline(false);
      await page.waitForSelector('#queue-summary[data-unsynced="0"]', { timeout: 90_000 });

      const visits = await call<{
        items: { id: string; beneficiaries: { receiptSha256?: string; cash?: unknown }[] }[];
      }>(base, users.ops, 'GET', `/api/visits?teamId=${team.id}&limit=200`);
      expect(visits.items).toHaveLength(VISITS);
      expect(new Set(visits.items.map((v) => v.id)).size).toBe(VISITS);
      expect(visits.items.filter((v) => v.beneficiaries.some((b) => b.cash))).toHaveLength(1);
      for (const v of visits.items) {
        const sha = v.beneficiaries[0]?.receiptSha256 ?? '';
        const detail = await call<{ receipts: { sha256: string; stored: boolean }[] }>(
          base,
          users.ops,
          'GET',
          `/api/visits/${v.id}`,
        );
        expect(detail.receipts).toEqual([{ sha256: sha, stored: true }]);
        const bytes = await fetch(`${base}/api/visits/${v.id}/receipts/${sha}`, {
          headers: { authorization: `Bearer ${users.ops.token}` },
        });
        expect(
          createHash('sha256')
            .update(Buffer.from(await bytes.arrayBuffer()))
            .digest('hex'),
        ).toBe(sha);
      }
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 240_000);
}
