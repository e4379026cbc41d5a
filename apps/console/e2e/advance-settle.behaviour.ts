import { expect, it } from '@jest/globals';
import { approvedCash, eventually, fieldTeam } from './field-kit';
import { ApiFailure, call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** fund-allocation learns of a team by its event: a too-large advance is 422 once it knows it. */
async function teamKnown(h: Harness, teamId: string): Promise<void> {
  await eventually(
    async () => {
      try {
        await call(h.base, h.users.finance, 'POST', '/api/advances', {
          fundId: h.seed.fundId,
          teamId,
          amountFen: 9_000_000_000_000,
        });
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 422) return true;
        if (error instanceof ApiFailure && error.status === 404) return undefined;
        throw error;
      }
      throw new Error('an impossible advance was accepted');
    },
    { timeoutMs: 30_000, intervalMs: 250, what: 'fund-allocation to learn of the team' },
  );
}

/** Advance requested → a different approver approves → a short return is refused with the difference → settled. */
export function advanceRequestApproveSettle(h: () => Harness): void {
  it('requests an advance for a team, another approver approves it, a short return is refused, then it settles', async () => {
    const harness = h();
    const { users, seed } = harness;
    const teamId = await fieldTeam(harness, [users.field], seed.siteIds[0] ?? '');
    await approvedCash(harness, seed.beneficiaryIds[6] ?? '', 150_000);
    await teamKnown(harness, teamId);

    // The clerk who is also an approver requests: they must never see approve on their own advance.
    const clerk = await openAs(harness, users.clerkApprover, '/finance/advances');
    const { page } = clerk;
    await page.waitForSelector(`#advance-team option[value="${teamId}"]`, { state: 'attached' });
    await page.selectOption('#advance-fund', seed.fundId);
    await page.selectOption('#advance-team', teamId);
    await page.fill('#advance-amount', '1,000');
    await page.fill('#advance-note', '黄河乡现金');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-advances');
    // A double click sends one Idempotency-Key twice: one advance.
    await page.dblclick('#advance-submit');
    await page.waitForURL(/\/finance\/advances\/[0-9a-f-]{36}$/);
    const advanceId = page.url().split('/').pop() ?? '';
    await page.waitForSelector('#advance-detail[data-status="requested"]');
    await page.waitForSelector('#own-advance');
    expect(await page.locator('#advance-approve').count()).toBe(0);
    const teamAdvances = await call<{ items: { id: string }[] }>(
      harness.base,
      users.finance,
      'GET',
      `/api/advances?teamId=${teamId}`,
    );
    expect(teamAdvances.items.map((a) => a.id)).toEqual([advanceId]);

    // Another approver finds it beside the disbursement queue.
    const approver = await openAs(harness, users.approverA, '/finance/approvals');
    await approver.page.click(`#advance-queue li[data-advance-id="${advanceId}"] a`);
    await approver.page.waitForURL(`**/finance/advances/${advanceId}`);
    await approver.page.click('#advance-approve');
    await approver.page.waitForSelector('#advance-detail[data-status="issued"]');
    expect(approver.problems).toEqual([]);
    await approver.context.close();

    await page.reload();
    await page.waitForSelector('#advance-detail[data-status="issued"]');
    // The requester may record the return but never accept a discrepancy.
    expect(await page.locator('#settle-accept').count()).toBe(0);
    await page.fill('#settle-returned', '900');
    await page.waitForSelector('#settle-difference.bad');
    await page.click('#settle-submit');
    const refusal = await page.waitForSelector('#settle-error');
    // The refusal names the difference in the user's language, with money formatted by Intl.
    expect(await refusal.textContent()).toContain('短缺 ¥100.00');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-advance-refused');
    await page.fill('#settle-returned', '1000');
    await page.click('#settle-submit');
    await page.waitForSelector('#advance-detail[data-status="settled"]');
    expect(await page.textContent('#advance-returned')).toContain('1,000.00');
    expect(await page.textContent('#advance-outstanding')).toContain('0.00');
    const settled = await call<{ amountFen: number; returnedFen: number; outstandingFen: number }>(
      harness.base,
      users.finance,
      'GET',
      `/api/advances/${advanceId}`,
    );
    expect(settled).toMatchObject({ amountFen: 100_000, returnedFen: 100_000, outstandingFen: 0 });
    expect(clerk.problems).toEqual([]);
    await clerk.context.close();

    // A second advance comes back short: an approver who did not request it accepts the
    // discrepancy with a reason.
    const second = await call<{ id: string }>(
      harness.base,
      users.clerkApprover,
      'POST',
      '/api/advances',
      { fundId: seed.fundId, teamId, amountFen: 50_000 },
      { 'idempotency-key': `e2e-advance-short-${teamId}` },
    );
    await call(harness.base, users.approverB, 'POST', `/api/advances/${second.id}/approve`, {});
    const checker = await openAs(harness, users.approverA, `/finance/advances/${second.id}`);
    await checker.page.waitForSelector('#advance-detail[data-status="issued"]');
    await checker.page.fill('#settle-returned', '300');
    await checker.page.check('#settle-accept');
    await checker.page.fill('#settle-reason', '途中遗失 200 元，已报告');
    await checker.page.click('#settle-submit');
    await checker.page.waitForSelector('#advance-detail[data-status="discrepancy"]');
    expect(await checker.page.textContent('#advance-detail')).toContain('途中遗失 200 元');
    expect(await seriousViolations(checker.page)).toEqual([]);
    await screenshot(checker.page, 'finance-advance-discrepancy');
    expect(checker.problems).toEqual([]);
    await checker.context.close();
  });
}
