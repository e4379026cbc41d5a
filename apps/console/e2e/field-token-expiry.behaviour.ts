import { signDevToken } from '@aidflow/auth';
import { expect, it } from '@jest/globals';
import { expectOnServer, fieldTeam, logVisit, openFieldAs, prepare, queueShows } from './field-kit';
import { type Harness } from './kit';

const VISITS = 3;
const TTL_S = 5;

/**
 * The sign-in expires while the team is offline: logging goes on, nothing is sent with the dead
 * token, and on reconnect the field user signs in again through the login page (field-1 is one of
 * the provider's dev users); the queue then syncs by itself, nothing dropped.
 */
export function fieldTokenExpiresOffline(h: () => Harness): void {
  it('keeps the queue through an expired sign-in offline, and syncs it after signing in again on the login page', async () => {
    const { seed, users } = h();
    const site = seed.siteIds[1] ?? '';
    const people = seed.beneficiaryIds.filter((_, i) => i % 2 === 1);
    const teamId = await fieldTeam(h(), [users.field], site);
    const { context, page, problems } = await openFieldAs(h(), users.field, {
      serviceWorkers: 'allow',
    });
    try {
      await prepare(page);
      // Going out with a sign-in that lasts TTL_S seconds (a short-lived dev token, no refresh token).
      const token = await signDevToken(
        { sub: users.field.sub, name: users.field.name, roles: ['field'], orgCode: 'QH' },
        undefined,
        TTL_S,
      );
      const expiresAt = Date.now() + TTL_S * 1000;
      await page.evaluate(
        (session) => sessionStorage.setItem('aidflow.session', session),
        JSON.stringify({ accessToken: token, expiresAt }),
      );
      await page.reload();
      await page.waitForSelector('#field-sign-out');
      await context.setOffline(true);
      const ids: string[] = [];
      for (let i = 0; i < VISITS; i++)
        ids.push(
          await logVisit(page, {
            siteId: site,
            beneficiaryId: people[i] ?? '',
            photo: 300 + i,
          }),
        );
      await queueShows(page, VISITS);

      // The token's own expiry, on the page's clock (what the app checks before each call).
      await page.waitForFunction((at) => Date.now() > at, expiresAt, { timeout: 30_000 });
      await context.setOffline(false);
      await page.waitForSelector('#sign-in-to-sync', { timeout: 15_000 });
      await page.waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`);
      expect(await page.locator('#queue li[data-state="queued"]').count()).toBe(VISITS);

      await page.click('#sign-in-to-sync button');
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.fill('#username', 'field-1');
      await page.fill('#password', 'field-1-dev-pass');
      await page.click('#sign-in-submit');
      await page.waitForURL(/\/field\/queue$/);
      // Signed in again, the queue goes by itself: no "sync now" needed.
      await page.waitForSelector(`#queue-summary[data-unsynced="0"][data-sent="${VISITS}"]`, {
        timeout: 30_000,
      });
      expect(await page.locator('#field-sign-out').count()).toBe(1);
      await expectOnServer(h(), teamId, ids);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
