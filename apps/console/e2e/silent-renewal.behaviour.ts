import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Harness } from './kit';

/**
 * The page's clock runs this far ahead of the provider's: a fresh 5-minute access token is, to
 * the console, 65 s from expiry, so its renewal (due a minute before expiry) comes after ~5 s
 * instead of after 4 minutes. Nothing else is changed: the tokens and the console are real.
 */
const CLOCK_AHEAD_MS = 235_000;

interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

async function stored(page: Page): Promise<StoredSession> {
  return JSON.parse(
    (await page.evaluate(() => sessionStorage.getItem('aidflow.session'))) ?? '{}',
  ) as StoredSession;
}

/** Silent renewal while online: a new access token before expiry, no login page, no user action. */
export function silentRenewalWhileOnline(h: () => Harness): void {
  it('renews the access token by itself before it expires, without the login page, and goes on with the new one', async () => {
    const { base, browser } = h();
    const context = await browser.newContext({ locale: 'en' });
    await context.clock.install({ time: Date.now() + CLOCK_AHEAD_MS });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${base}/ops`);
      await page.click('#sign-in');
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.fill('#username', 'ops-1');
      await page.fill('#password', 'ops-1-dev-pass');
      await page.click('#sign-in-submit');
      await page.waitForURL(/\/ops$/);
      await page.waitForSelector('#funds-table');
      const first = await stored(page);
      expect(first.refreshToken).toEqual(expect.any(String));

      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await page.waitForFunction(
        (old) =>
          (JSON.parse(sessionStorage.getItem('aidflow.session') ?? '{}') as StoredSession)
            .accessToken !== old,
        first.accessToken,
        { timeout: 30_000 },
      );
      const renewed = await stored(page);
      expect(navigations).toEqual([]);
      expect(renewed.refreshToken).toEqual(expect.any(String));
      expect(renewed.refreshToken).not.toBe(first.refreshToken);
      expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
      const status = await fetch(`${base}/api/funds`, {
        headers: { authorization: `Bearer ${renewed.accessToken}` },
      });
      expect(status.status).toBe(200);

      // The page's next API call carries a renewed token (not the first) and is answered.
      const call = page.waitForRequest(
        (r) =>
          r.url().includes('/api/') &&
          !!r.headers()['authorization'] &&
          r.headers()['authorization'] !== `Bearer ${first.accessToken}`,
        { timeout: 15_000 },
      );
      await page.click('nav a[href="/ops/conflicts"]');
      const response = await (await call).response();
      expect(response?.status()).toBe(200);
      expect(page.url()).toMatch(/\/ops\/conflicts$/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
