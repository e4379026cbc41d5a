import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** An assessment under the poverty line opens a relapse risk; ops see it under its site and close it. */
export function atRiskHouseholdsPerSite(h: () => Harness): void {
  it('shows a household flagged by a relapse rule under its site, and closes the risk with an outcome', async () => {
    const { base, users, seed } = h();
    const beneficiaryId = seed.beneficiaryIds[3] ?? '';
    await call(base, users.field, 'POST', `/api/households/${beneficiaryId}/assessments`, {
      assessedAt: new Date().toISOString(),
      monthlyIncomeFen: 20_000,
      householdSize: 4,
      shocks: ['disaster'],
    });
    const risks = await call<{
      items: { id: string; siteId?: string; beneficiaryId: string; ruleCode: string }[];
    }>(base, users.ops, 'GET', `/api/monitoring/risks?incidentId=${seed.incidentId}&status=open`);
    const mine = risks.items.filter((r) => r.siteId === seed.siteIds[1]);
    expect(mine.length).toBeGreaterThan(0);

    const { page, context, problems } = await openAs(h(), users.ops, '/ops/households');
    const site = page.locator(`section[data-site-id="${seed.siteIds[1]}"]`);
    await site.waitFor();
    expect(await site.locator('h2').textContent()).toContain('扎陵湖乡安置点');
    const first = mine[0]?.id ?? '';
    const row = site.locator(`tr[data-risk-id="${first}"]`);
    expect(await row.textContent()).toContain('拉毛吉');
    // Households, not rules, are counted; the rule's reason is in the user's language.
    const households = new Set(mine.map((r) => r.beneficiaryId)).size;
    expect(households).toBeLessThan(mine.length);
    expect(await site.locator('h2').textContent()).toContain(`${households} 户`);
    expect(await site.textContent()).toContain('贫困线 ¥333.00');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ops-at-risk');
    await row.locator('button').click();
    await page.fill('#close-risk-dialog textarea', '已落实临时救助');
    await page.click('#close-risk-dialog button.confirm');
    await row.waitFor({ state: 'detached' });
    const after = await call<{ items: { id: string }[] }>(
      base,
      users.ops,
      'GET',
      `/api/monitoring/risks?incidentId=${seed.incidentId}&status=open`,
    );
    expect(after.items.map((r) => r.id)).not.toContain(first);
    expect(problems).toEqual([]);
    await context.close();
  });
}
