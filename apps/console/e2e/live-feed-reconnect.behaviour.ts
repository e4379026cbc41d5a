import { expect, it } from '@jest/globals';
import { call, type Harness, openAs } from './kit';

/**
 * The ops live feed survives a dropped connection: events published while the browser was cut
 * off arrive after it reconnects (Last-Event-ID), each once, and nothing seen before repeats.
 */
export function liveFeedReconnects(h: () => Harness): void {
  it('resumes the live feed after a drop with Last-Event-ID: no event missed, none twice', async () => {
    const { base, users, seed } = h();
    const { page, context, problems } = await openAs(h(), users.ops, '/ops');
    await page.waitForSelector('#stream-state.on');
    const fund = (code: string, amountFen: number) =>
      call(base, users.finance, 'POST', '/api/funds', {
        code,
        name: `重连测试 ${code}`,
        source: 'union',
        purpose: 'relief',
        ownerOrgCode: 'QH',
        incidentId: seed.incidentId,
        amountFen,
      });
    const stamp = Date.now();
    await fund(`RC-${stamp}-A`, 111_100);
    await page.waitForSelector(`#feed li[data-type="fund.created"]:has-text("RC-${stamp}-A")`, {
      timeout: 20_000,
    });

    // Offline cuts the open stream; the console notices and keeps retrying.
    await context.setOffline(true);
    await page.waitForSelector('#stream-state.off', { timeout: 20_000 });
    await fund(`RC-${stamp}-B`, 222_200);
    await fund(`RC-${stamp}-C`, 333_300);
    await context.setOffline(false);
    await page.waitForSelector('#stream-state.on', { timeout: 30_000 });
    for (const code of ['B', 'C'])
      await page.waitForSelector(
        `#feed li[data-type="fund.created"]:has-text("RC-${stamp}-${code}")`,
        {
          timeout: 20_000,
        },
      );

    const seqs = await page
      .locator('#feed li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-seq') ?? ''));
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const code of ['A', 'B', 'C'])
      expect(await page.locator(`#feed li:has-text("RC-${stamp}-${code}")`).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
}
