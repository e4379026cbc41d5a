import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

interface FundFigures {
  reservedFen: number;
  availableFen: number;
}

/** Finance requests → a different approver approves (keyboard only) → the fund's figures move. */
export function financeRequestThenApprove(h: () => Harness): void {
  it('finance requests, another approver approves with the keyboard, the fund figures move', async () => {
    const { base, users, seed } = h();
    const before = await call<FundFigures>(base, users.finance, 'GET', `/api/funds/${seed.fundId}`);

    const clerk = await openAs(h(), users.finance, `/finance/requests/new?fund=${seed.fundId}`);
    const { page } = clerk;
    await page.waitForSelector(`#request-fund option[value="${seed.fundId}"]`, {
      state: 'attached',
    });
    await page.selectOption('#request-fund', seed.fundId);
    await page.waitForSelector(`#request-beneficiary option[value="${seed.beneficiaryIds[2]}"]`, {
      state: 'attached',
    });
    await page.selectOption('#request-beneficiary', seed.beneficiaryIds[2] ?? '');
    await page.fill('#request-amount', '2,000.50');
    // A double click sends the same Idempotency-Key twice: one request is created.
    await page.dblclick('#request-submit');
    await page.waitForSelector('#request-created');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-new-request');
    const mine = await call<{ items: { id: string; amountFen: number }[] }>(
      base,
      users.finance,
      'GET',
      `/api/disbursements?beneficiaryId=${seed.beneficiaryIds[2]}`,
    );
    expect(mine.items.map((d) => d.amountFen)).toEqual([200_050]);
    await clerk.context.close();

    const approver = await openAs(h(), users.approverA, '/finance/approvals');
    const queue = approver.page;
    const row = queue.locator(`tr[data-request-id="${mine.items[0]?.id}"]`);
    await row.waitFor();
    expect(await seriousViolations(queue)).toEqual([]);
    await screenshot(queue, 'finance-approval-queue');
    // Keyboard only: Tab to the row's approve button and press Enter.
    const approveButton = row.locator('button.approve');
    await queue.locator('body').focus();
    for (
      let i = 0;
      i < 60 && !(await approveButton.evaluate((b) => b === document.activeElement));
      i++
    )
      await queue.keyboard.press('Tab');
    expect(await approveButton.evaluate((b) => b === document.activeElement)).toBe(true);
    await queue.keyboard.press('Enter');
    await queue.waitForSelector('#queue-ok');
    await row.waitFor({ state: 'detached' });
    expect(approver.problems).toEqual([]);
    await approver.context.close();

    const after = await call<FundFigures>(base, users.finance, 'GET', `/api/funds/${seed.fundId}`);
    expect(after.reservedFen - before.reservedFen).toBe(200_050);
    expect(before.availableFen - after.availableFen).toBe(200_050);

    const fundPage = await openAs(h(), users.finance, `/finance/funds/${seed.fundId}`);
    await fundPage.page.waitForSelector('#identity-line .identity.ok');
    const reserved = await fundPage.page.textContent('[data-figure="reserved"]');
    expect(reserved?.replace(/[^\d.]/g, '')).toBe((after.reservedFen / 100).toFixed(2));
    await screenshot(fundPage.page, 'finance-fund');
    await fundPage.context.close();
  });
}
