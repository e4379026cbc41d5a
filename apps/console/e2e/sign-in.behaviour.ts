import { expect, it } from '@jest/globals';
import { type Harness, screenshot } from './kit';

/** A real sign-in: the console's button, the provider's login page, back to the ops dashboard. */
export function signInThroughTheLoginPage(h: () => Harness): void {
  it('signs in as ops through the login page, shows the name and org, and signs out', async () => {
    const { base, browser } = h();
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/ops`);
    await page.click('#sign-in');
    await page.waitForURL(/\/oidc\/interaction\//);
    // The console's language travels as ui_locales.
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await screenshot(page, 'login-page');
    await page.fill('#username', 'ops-1');
    await page.fill('#password', 'ops-1-dev-pass');
    await page.click('#sign-in-submit');
    await page.waitForURL(/\/ops$/);
    await page.waitForSelector('#funds-table');
    expect(await page.textContent('#who .user-name')).toBe('值班 Operations user');
    expect(await page.textContent('#who .org')).toBe('QH');
    const stored = await page.evaluate(() => sessionStorage.getItem('aidflow.session'));
    const refreshToken = (JSON.parse(stored ?? '{}') as { refreshToken?: string }).refreshToken;
    expect(refreshToken).toEqual(expect.any(String));
    await screenshot(page, 'signed-in-ops');

    await page.click('#sign-out');
    await page.waitForSelector('#sign-out-confirm');
    await page.click('#sign-out-confirm');
    await page.waitForURL(/\/signed-out$/);
    await page.waitForSelector('#signed-out');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The refresh token was revoked, not only forgotten.
    const refreshed = await fetch(`${base}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken ?? '',
        client_id: 'aidflow-console',
      }).toString(),
    });
    expect(refreshed.status).toBe(400);
    expect(problems).toEqual([]);
    await context.close();
  });
}
