import { expect, it } from '@jest/globals';
import {
  approvedCash,
  catalogue,
  eventually,
  expectOnServer,
  logVisit,
  memberOfNewTeam,
  openFieldAs,
  prepareThenGoOffline,
  queueShows,
  replicaProblem,
} from './field-kit';
import { call, type Harness } from './kit';

/**
 * While the team is offline, finance cancels one family's cash that the team then hands over.
 * Synced, that visit stays on the phone as refused with the reason in the user's language
 * (Tibetan here); the visits queued with it are accepted, receipts and all.
 */
export function fieldInvalidVisitRefusedOthersAccepted(h: () => Harness): void {
  it('refuses the one visit whose cash was cancelled meanwhile, with the reason in Tibetan, and accepts the others', async () => {
    const { base, seed, users } = h();
    const site = seed.siteIds[1] ?? '';
    const [plain, kept, cancelled] = [3, 5, 7].map((i) => seed.beneficiaryIds[i] ?? '');
    const { member, teamId } = await memberOfNewTeam(h(), 'field-invalid-1', '慰问组 次仁', site);
    const keptCash = await approvedCash(h(), kept ?? '', 60_000);
    const cancelledCash = await approvedCash(h(), cancelled ?? '', 70_000);
    const replica = (beneficiaryId: string, disbursementId: string, problem: RegExp) =>
      eventually(
        async () => {
          const said = await replicaProblem(h(), member, {
            teamId,
            siteId: site,
            beneficiaryId,
            disbursementId,
          });
          return said && problem.test(said) ? said : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, what: `welfare-visit to see ${problem}` },
      );
    // The visit service knows both as approved before the phone goes out (else it would accept
    // them as "pending verification").
    await replica(kept ?? '', keptCash, /must equal the approved amount/);
    await replica(cancelled ?? '', cancelledCash, /must equal the approved amount/);

    const phone = await openFieldAs(h(), member, { language: 'bo' });
    const { context, page, problems } = phone;
    try {
      await prepareThenGoOffline(phone);
      const ids = {
        kept: await logVisit(page, {
          siteId: site,
          beneficiaryId: kept ?? '',
          cash: true,
          photo: 500,
        }),
        cancelled: await logVisit(page, {
          siteId: site,
          beneficiaryId: cancelled ?? '',
          cash: true,
          photo: 501,
        }),
        plain: await logVisit(page, { siteId: site, beneficiaryId: plain ?? '', photo: 502 }),
      };
      await queueShows(page, 3);

      await call(base, users.finance, 'POST', `/api/disbursements/${cancelledCash}/cancel`, {
        reason: '家属已迁出安置点',
      });
      await replica(cancelled ?? '', cancelledCash, /is cancelled, not approved/);

      await context.setOffline(false);
      await page.waitForSelector('#queue-summary[data-unsynced="1"][data-sent="2"]', {
        timeout: 30_000,
      });
      const refused = page.locator('#queue li[data-state="rejected"]');
      expect(await refused.count()).toBe(1);
      expect(await refused.getAttribute('data-visit')).toBe(ids.cancelled);
      expect(await refused.locator('.state').textContent()).toBe(
        catalogue('bo', 'field.queue.rejected'),
      );
      expect(await refused.locator('.reason').allTextContents()).toEqual([
        `旦增: ${catalogue('bo', 'field.reason.notApproved')}`,
      ]);
      // Still editable and re-sendable, not dropped.
      expect(await refused.locator('button.edit').isEnabled()).toBe(true);
      await expectOnServer(h(), teamId, [ids.kept, ids.plain]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
