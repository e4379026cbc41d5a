import { expect, it } from '@jest/globals';
import { type Harness, openAs, screenshot } from './kit';

/** After sign-out every token is gone and the back button shows nothing of what was on screen. */
export function signOutAndBack(h: () => Harness): void {
  it('signs out, clears every token, and the back button shows nothing', async () => {
    const { users } = h();
    const { page, context } = await openAs(h(), users.finance, '/finance');
    await page.waitForSelector('#fund-tree tbody tr[data-fund-id]');
    await page.click('nav a[href="/finance/requests"]');
    await page.waitForSelector('#request-list tbody tr a');
    await page.click('#sign-out');
    await page.waitForURL(/\/signed-out$/);
    await page.waitForSelector('#signed-out');
    expect(
      await page.evaluate(() => ({
        session: sessionStorage.length,
        aidflow: Object.keys(localStorage).filter(
          (k) => k.startsWith('aidflow.') && k !== 'aidflow.language',
        ),
      })),
    ).toEqual({
      session: 0,
      aidflow: [],
    });
    // Sign-out replaced the requests page in the history; Back reaches the fund tree's entry.
    await page.goBack();
    await page.waitForSelector('#sign-in');
    expect(page.url()).toMatch(/\/finance$/);
    expect(await page.locator('#fund-tree, #request-list, #who').count()).toBe(0);
    await screenshot(page, 'signed-out-back');
    await context.close();
  });
}
