import { expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ARTIFACTS, call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** Every page in Tibetan, screenshotted (and checked with axe), plus the stacked-letter check. */
export function everyPageInTibetan(h: () => Harness): void {
  it('shows every page in Tibetan with the bundled font, without serious accessibility violations', async () => {
    const { base, users, seed } = h();
    // The newest advance and sample (made by the behaviours before this one), when there are any.
    const [advance] = (
      await call<{ items: { id: string }[] }>(base, users.finance, 'GET', '/api/advances')
    ).items.slice(-1);
    const [sample] = (
      await call<{ items: { id: string }[] }>(
        base,
        users.finance,
        'GET',
        `/api/verifications?incidentId=${seed.incidentId}`,
      )
    ).items;
    const pages: [string, string][] = [
      ['funds', '/finance'],
      ['fund', `/finance/funds/${seed.fundId}`],
      ['requests', '/finance/requests'],
      ['new-request', '/finance/requests/new'],
      ['request', `/finance/requests/${seed.ownRequestId}`],
      ['approvals', '/finance/approvals'],
      ['stock', '/finance/stock'],
      ['ops', '/ops'],
      ['conflicts', '/ops/conflicts'],
      ['dlq', '/ops/dlq'],
      ['advances', '/finance/advances'],
      ...(advance ? [['advance', `/finance/advances/${advance.id}`] as [string, string]] : []),
      ['verifications', '/finance/verifications'],
      ...(sample ? [['call-list', `/finance/verifications/${sample.id}`] as [string, string]] : []),
      ['reports', '/finance/reports'],
      ['households', '/ops/households'],
      ['grievances', '/ops/grievances'],
      ['import', '/ops/import'],
    ];
    const { page, context, problems } = await openAs(h(), users.everyone, '/finance', 'bo');
    const violations: Record<string, string[]> = {};
    for (const [name, path] of pages) {
      await page.goto(`${h().base}${path}`);
      await page.waitForSelector('main h1');
      await page
        .waitForFunction(
          () => !document.querySelector('main')?.textContent?.includes('ནང་འཇུག་བཞིན་པ།'),
          undefined,
          { timeout: 15_000 },
        )
        .catch(() => undefined);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.getAttribute('html', 'lang')).toBe('bo');
      violations[name] = await seriousViolations(page);
      await screenshot(page, `bo-${name}`);
    }
    // The bundled Noto Serif Tibetan serves the Tibetan text (never a system or CDN font).
    const tibetanFont = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Serif Tibetan"', 'ཁྚ');
      return document.fonts.check('16px "Noto Serif Tibetan"', 'ཁྚ');
    });
    expect(tibetanFont).toBe(true);
    // U+0F41 U+0F9A (ཁ + subjoined ྚ) must stack: shown large for the screenshot to be looked at.
    await page.evaluate(() => {
      const sample = document.createElement('p');
      sample.id = 'stack-check';
      sample.lang = 'bo';
      sample.textContent = 'ཁྚ · སྤྲད · བསྒྲིགས · རྐྱེན';
      sample.className = 'kpi-value';
      document.querySelector('main')?.prepend(sample);
    });
    await page.locator('#stack-check').screenshot({
      path: join(ARTIFACTS, 'bo-stacked-letters.png'),
    });
    const stacked = await page.evaluate(() => {
      const range = document.createRange();
      const node = document.getElementById('stack-check')?.firstChild;
      if (!node) return 0;
      range.setStart(node, 0);
      range.setEnd(node, 2);
      return range.getBoundingClientRect().width;
    });
    const single = await page.evaluate(() => {
      const range = document.createRange();
      const node = document.getElementById('stack-check')?.firstChild;
      if (!node) return 0;
      range.setStart(node, 0);
      range.setEnd(node, 1);
      return range.getBoundingClientRect().width;
    });
    // Stacked, the subjoined letter adds no width beside the head letter (broken fonts put it after).
    expect(stacked).toBeLessThan(single * 1.2);
    expect(violations).toEqual(Object.fromEntries(pages.map(([name]) => [name, []])));
    expect(problems).toEqual([]);
    await context.close();
  });
}
