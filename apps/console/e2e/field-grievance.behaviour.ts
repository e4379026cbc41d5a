import { expect, it } from '@jest/globals';
import type { Page, Route } from 'playwright-core';
import { catalogue, memberOfNewTeam, openFieldAs, prepareThenGoOffline } from './field-kit';
import { ApiFailure, call, type Harness, type TestUser } from './kit';

/** Records one grievance through the form on the log tab; returns its id. */
async function recordGrievance(
  page: Page,
  g: { beneficiaryId: string; category: string; description: string },
): Promise<string> {
  if (!page.url().endsWith('/field/log')) await page.click('#tab-log');
  await page.locator(`#grievance-person option[value="${g.beneficiaryId}"]`).waitFor({
    state: 'attached',
  });
  await page.selectOption('#grievance-person', g.beneficiaryId);
  await page.selectOption('#grievance-category', g.category);
  await page.fill('#grievance-description', g.description);
  await page.click('#save-grievance');
  return (
    (await page.locator('#grievance-saved[data-grievance]').getAttribute('data-grievance')) ?? ''
  );
}

async function grievanceAs(h: Harness, who: TestUser, id: string): Promise<number | string> {
  try {
    return (await call<{ description: string }>(h.base, who, 'GET', `/api/grievances/${id}`))
      .description;
  } catch (error) {
    if (error instanceof ApiFailure) return error.status;
    throw error;
  }
}

/**
 * Offline, a team member records two grievances during a visit, one of them sensitive. Back
 * online, the first request reaches the server but its answer is lost; the app sends it again
 * with the same Idempotency-Key, and the server holds each grievance once. The sensitive one is
 * for admins only, its content was never shown on the device, and nothing of either stays there.
 */
export function fieldGrievancesOffline(h: () => Harness): void {
  it('records grievances offline and syncs each exactly once although the first answer is lost; the sensitive one is for admins only', async () => {
    const { base, seed, users } = h();
    const site = seed.siteIds[1] ?? '';
    const [about, hurt] = [5, 7].map((i) => seed.beneficiaryIds[i] ?? '');
    const { member } = await memberOfNewTeam(h(), 'field-grievance-1', '慰问组 诉求', site);
    const phone = await openFieldAs(h(), member);
    const { context, page, problems } = phone;
    try {
      await prepareThenGoOffline(phone);
      const complaint = await recordGrievance(page, {
        beneficiaryId: about ?? '',
        category: 'complaint',
        description: '发放时少了一袋面粉',
      });
      await page.waitForSelector('#grievance-saved');
      await page.selectOption('#grievance-category', 'sensitive');
      await page.waitForSelector('#grievance-sensitive');
      const sensitive = await recordGrievance(page, {
        beneficiaryId: hurt ?? '',
        category: 'sensitive',
        description: '家中有人受到威胁，请勿外传',
      });
      expect(sensitive).not.toBe(complaint);

      await page.click('#tab-queue');
      await page.waitForSelector('#grievance-summary[data-unsynced="2"]');
      const hidden = page.locator(`#grievances li[data-grievance="${sensitive}"]`);
      expect(await hidden.locator('.description').count()).toBe(0);
      expect(await hidden.locator('.who').textContent()).toBe(
        catalogue('zh-CN', 'field.grievance.hidden'),
      );
      expect(await page.locator('#grievances').innerText()).not.toContain('威胁');

      // The first POST reaches the server and its answer is lost; every later one goes through.
      const sent: { id: string; key: string }[] = [];
      await context.route('**/api/grievances', async (route: Route) => {
        const request = route.request();
        const body = request.postDataJSON() as { id: string };
        sent.push({ id: body.id, key: request.headers()['idempotency-key'] ?? '' });
        if (sent.length > 1) return route.continue();
        await route.fetch();
        return route.abort('connectionreset');
      });
      await context.setOffline(false);
      // No "sync now": the backoff retries by itself.
      await page.waitForSelector('#grievance-summary[data-unsynced="0"][data-sent="2"]', {
        timeout: 30_000,
      });
      expect(sent).toEqual([
        { id: complaint, key: complaint },
        { id: complaint, key: complaint },
        { id: sensitive, key: sensitive },
      ]);
      const received = page.locator('#grievances-sent li[data-state="sent"]');
      expect(await received.count()).toBe(2);
      for (const text of await received.locator('.state').allTextContents())
        expect(text).toBe(catalogue('zh-CN', 'field.grievance.received'));

      // Once each on the server; the sensitive one for admins only.
      const all = await call<{ items: { id: string; openedBy: string }[] }>(
        base,
        users.admin,
        'GET',
        `/api/grievances?incidentId=${seed.incidentId}&limit=200`,
      );
      expect(
        all.items
          .filter((g) => g.openedBy === member.sub)
          .map((g) => g.id)
          .sort(),
      ).toEqual([complaint, sensitive].sort());
      expect(await grievanceAs(h(), users.ops, complaint)).toBe('发放时少了一袋面粉');
      expect(await grievanceAs(h(), users.ops, sensitive)).toBe(404);
      expect(await grievanceAs(h(), member, sensitive)).toBe(404);
      expect(await grievanceAs(h(), users.admin, sensitive)).toBe('家中有人受到威胁，请勿外传');

      // Nothing of what was said stays on the device; a sensitive one not even whom it concerned.
      const left = await page.evaluate(
        () =>
          new Promise<{ queued: number; sent: Record<string, unknown>[] }>((resolve, reject) => {
            const open = indexedDB.open('aidflow-field');
            open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
            open.onsuccess = () => {
              const tx = open.result.transaction(['grievances', 'grievancesSent']);
              const queued = tx.objectStore('grievances').count();
              const sent = tx.objectStore('grievancesSent').getAll();
              tx.oncomplete = () =>
                resolve({
                  queued: queued.result,
                  sent: sent.result as Record<string, unknown>[],
                });
            };
          }),
      );
      expect(left.queued).toBe(0);
      expect(JSON.stringify(left.sent)).not.toMatch(/面粉|威胁/);
      expect(left.sent.find((g) => g.id === complaint)).toMatchObject({
        category: 'complaint',
        beneficiaryId: about,
      });
      expect(left.sent.find((g) => g.id === sensitive)).toEqual({
        id: sensitive,
        category: 'sensitive',
        sentAt: expect.any(String),
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
