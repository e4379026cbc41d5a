import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** The operations dashboard (moved from ops-monitor): summary, charts, live feed, lag. */
export function opsDashboard(h: () => Harness): void {
  it('shows the summary and a newly published event in the live feed', async () => {
    const { base, users, seed } = h();
    const { page, context, problems } = await openAs(h(), users.ops, '/ops');
    await page.waitForSelector('#stream-state.on');
    await page.waitForFunction(
      () => document.querySelectorAll('#funds-table tbody tr.root').length === 1,
    );
    expect(await page.textContent('#funds-table tbody tr.root')).toContain('335,000.00');

    await call(base, users.finance, 'POST', '/api/funds', {
      code: 'QH-2021-MD-02',
      name: '心理援助专项',
      source: 'local_fiscal',
      purpose: 'relief',
      ownerOrgCode: 'QH',
      incidentId: seed.incidentId,
      amountFen: 1_234_567,
    });
    const item = await page.waitForSelector('#feed li[data-type="fund.created"]', {
      timeout: 20_000,
    });
    expect(await item.textContent()).toContain('12,345.67');
    // Function predicates, not strings: the console's CSP (script-src 'self') refuses eval.
    await page.waitForFunction(
      () => document.querySelectorAll('#funds-table tbody tr.root').length === 2,
    );
    await page.waitForFunction(() => document.querySelectorAll('#lag-table tbody tr').length > 0);
    await page.waitForSelector('#chart-reach canvas');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ops-dashboard');
    expect(problems).toEqual([]);
    await context.close();
  });
}
