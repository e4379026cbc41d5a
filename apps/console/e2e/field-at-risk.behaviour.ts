import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { catalogue, memberOfNewTeam, openFieldAs, prepare } from './field-kit';
import { call, type Harness } from './kit';

const LANGUAGES = ['zh-CN', 'bo', 'en'] as const;

async function showIn(page: Page, language: (typeof LANGUAGES)[number]): Promise<void> {
  await page.selectOption('#language', language);
  await page.waitForSelector(`html[lang="${language}"]`);
}

/**
 * A household assessed with an income far below the monitoring line is at risk (the rule opens a
 * relapse_risk follow-up). The field team downloads its site and, with no network, sees that
 * household (and only it) as at risk in the site list and when logging, in zh-CN, bo and en.
 */
export function fieldAtRiskHouseholdsOffline(h: () => Harness): void {
  it('downloads the site with its at-risk households and shows them offline in zh-CN, bo and en', async () => {
    const { base, seed, users } = h();
    const site = seed.siteIds[0] ?? '';
    const risky = seed.beneficiaryIds[2] ?? '';
    const { member } = await memberOfNewTeam(h(), 'field-risk-1', '慰问组 监测', site);
    // 200 yuan a month for four people: 50 yuan each, far below 150% of the 333-yuan line.
    await call(base, users.ops, 'POST', `/api/households/${risky}/assessments`, {
      assessedAt: new Date().toISOString(),
      monthlyIncomeFen: 20_000,
      householdSize: 4,
    });
    const open = await call<{ items: { beneficiaryId: string; ruleCode: string }[] }>(
      base,
      member,
      'GET',
      `/api/monitoring/risks?status=open&siteId=${site}&limit=200`,
    );
    expect(open.items).toContainEqual(
      expect.objectContaining({ beneficiaryId: risky, ruleCode: 'low_income_per_person' }),
    );
    const atRisk = [...new Set(open.items.map((r) => r.beneficiaryId))];

    const phone = await openFieldAs(h(), member);
    const { context, page, problems } = phone;
    try {
      await prepare(page);
      // bo and en are fetched as chunks when chosen: loaded once here while there is signal.
      for (const language of LANGUAGES) await showIn(page, language);
      await context.setOffline(true);
      // Away and back to the tab: the list is read again from IndexedDB, not from memory.
      await page.click('#tab-log');
      await page.click('#tab-prepare');
      const row = page.locator(`#sites li[data-site="${site}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-at-risk')).toBe(String(atRisk.length));
      expect(
        await row
          .locator('ul.at-risk > li')
          .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-beneficiary'))),
      ).toEqual(expect.arrayContaining(atRisk));
      const household = row.locator(`ul.at-risk > li[data-beneficiary="${risky}"]`);
      expect(await household.locator('.name').textContent()).toBe('索南加');
      for (const language of LANGUAGES) {
        await showIn(page, language);
        expect(
          await household.locator('.risk[data-rule="low_income_per_person"]').textContent(),
        ).toContain(catalogue(language, 'field.risk.low_income_per_person'));
        expect(await page.locator('#sites-title').textContent()).toBe(
          catalogue(language, 'field.sites.title'),
        );
      }
      // Logging a visit there: the household carries the same mark; the others do not.
      await page.click('#tab-log');
      const person = page.locator(`#people li[data-beneficiary="${risky}"]`);
      await person.waitFor();
      expect(await person.locator('.at-risk-badge').textContent()).toBe(
        catalogue('en', 'field.log.atRisk'),
      );
      expect(await page.locator('#people li .at-risk-badge').count()).toBe(atRisk.length);
      expect(await page.locator('#network').getAttribute('data-online')).toBe('false');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
}
