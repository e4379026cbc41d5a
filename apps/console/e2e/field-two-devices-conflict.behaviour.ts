import { expect, it } from '@jest/globals';
import {
  approvedCash,
  catalogue,
  expectOnServer,
  fieldTeam,
  logVisit,
  openFieldAs,
  prepareThenGoOffline,
  queueShows,
} from './field-kit';
import { ApiFailure, call, type Harness, openAs, user } from './kit';

/**
 * Two team members, each on their own phone, hand the same family's approved cash over offline.
 * After both sync, the first is accepted; the second stays on its phone as refused, saying in
 * plain words that another visit took the cash and ops will review it; nothing is overwritten.
 * Ops resolve the conflict on the console's conflicts screen.
 */
export function fieldTwoDevicesSameCash(h: () => Harness): void {
  it('accepts one of two offline handovers of the same cash, shows the other as a conflict on its phone, and ops resolve it in the console', async () => {
    const { base, seed, users } = h();
    const site = seed.siteIds[1] ?? '';
    const family = seed.beneficiaryIds[3] ?? '';
    const [a, b] = [
      await user('field-hand-a', '慰问组 多杰', ['field']),
      await user('field-hand-b', '慰问组 措姆', ['field']),
    ];
    const teamId = await fieldTeam(h(), [a, b], site);
    const cash = await approvedCash(h(), family, 80_000);
    const phoneA = await openFieldAs(h(), a);
    const phoneB = await openFieldAs(h(), b);
    try {
      await Promise.all([prepareThenGoOffline(phoneA), prepareThenGoOffline(phoneB)]);
      const visitA = await logVisit(phoneA.page, {
        siteId: site,
        beneficiaryId: family,
        cash: true,
        photo: 400,
      });
      const visitB = await logVisit(phoneB.page, {
        siteId: site,
        beneficiaryId: family,
        cash: true,
        photo: 401,
      });
      await queueShows(phoneA.page, 1);
      await queueShows(phoneB.page, 1);

      await phoneA.context.setOffline(false);
      await phoneA.page.waitForSelector('#queue-summary[data-unsynced="0"][data-sent="1"]', {
        timeout: 30_000,
      });
      await phoneB.context.setOffline(false);
      const refused = phoneB.page.locator(
        `#queue li[data-visit="${visitB}"][data-state="rejected"]`,
      );
      await refused.waitFor({ timeout: 30_000 });
      await phoneB.page.waitForSelector('#queue-summary[data-unsynced="1"][data-sent="0"]');
      expect(await refused.locator('.state').textContent()).toBe(
        catalogue('zh-CN', 'field.queue.rejected'),
      );
      const reason = (await refused.locator('.reason').allTextContents()).join('\n');
      expect(reason).toContain(`拉毛吉: ${catalogue('zh-CN', 'field.reason.conflict')}`);
      const conflictId = /([0-9a-f-]{36})/.exec(reason)?.[1] ?? '';
      expect(conflictId).not.toBe('');

      // The server holds A's visit and its cash; B's is not applied.
      await expectOnServer(h(), teamId, [visitA]);
      const missing = await call(base, users.ops, 'GET', `/api/visits/${visitB}`).catch(
        (error: unknown) => error,
      );
      expect(missing).toBeInstanceOf(ApiFailure);
      expect((missing as ApiFailure).status).toBe(404);

      // Ops on the console: the conflict names the refused visit; keep the standing handover.
      const ops = await openAs(h(), users.ops, '/ops/conflicts');
      try {
        const panel = ops.page.locator(`section.conflict[data-conflict="${conflictId}"]`);
        await panel.waitFor({ timeout: 15_000 });
        expect(await panel.getAttribute('data-status')).toBe('open');
        expect(await panel.locator('pre.json').last().textContent()).toContain(visitB);
        await panel.locator('input').fill('同一户两次发放：保留第一次，第二部手机未发放现金');
        await panel.locator('.actions button').first().click();
        await ops.page.waitForSelector(
          `section.conflict[data-conflict="${conflictId}"][data-status="resolved"]`,
          { timeout: 15_000 },
        );
        // Decided: the outcome in words, and no second decision offered.
        expect(await panel.locator('.outcome').textContent()).toBe(
          catalogue('zh-CN', 'conflicts.outcome.keep_existing'),
        );
        expect(await panel.locator('button').count()).toBe(0);
        expect(ops.problems).toEqual([]);
      } finally {
        await ops.context.close();
      }
      const conflicts = await call<{
        items: { id: string; status?: string; resolution?: string; visitId: string }[];
      }>(base, users.ops, 'GET', '/api/visits/conflicts?limit=100');
      expect(conflicts.items.find((c) => c.id === conflictId)).toMatchObject({
        status: 'resolved',
        resolution: 'keep_existing',
        visitId: visitA,
      });
      const standing = await call<{ beneficiaries: { cash?: { disbursementId: string } }[] }>(
        base,
        users.ops,
        'GET',
        `/api/visits/${visitA}`,
      );
      expect(standing.beneficiaries[0]?.cash?.disbursementId).toBe(cash);
      expect([...phoneA.problems, ...phoneB.problems]).toEqual([]);
    } finally {
      await phoneA.context.close();
      await phoneB.context.close();
    }
  }, 90_000);
}
