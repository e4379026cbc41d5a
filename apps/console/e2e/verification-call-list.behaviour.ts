import { expect, it } from '@jest/globals';
import { approvedCash, eventually, fieldTeam } from './field-kit';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** Two payments at the second site handed over at one visit, then delivered in fund-allocation. */
async function deliveredAtSecondSite(h: Harness): Promise<string[]> {
  const { base, users, seed } = h;
  const siteId = seed.siteIds[1] ?? '';
  const teamId = await fieldTeam(h, [users.field], siteId);
  const people = [seed.beneficiaryIds[5] ?? '', seed.beneficiaryIds[7] ?? ''];
  const cash = [];
  for (const beneficiaryId of people)
    cash.push({ beneficiaryId, disbursementId: await approvedCash(h, beneficiaryId, 80_000) });
  await call(base, users.field, 'POST', '/api/visits', {
    id: crypto.randomUUID(),
    teamId,
    siteId,
    visitedAt: new Date().toISOString(),
    beneficiaries: cash.map((c) => ({
      beneficiaryId: c.beneficiaryId,
      cash: { disbursementId: c.disbursementId, amountFen: 80_000 },
    })),
  });
  const ids = cash.map((c) => c.disbursementId);
  await eventually(
    async () => {
      const list = await call<{ items: { id: string }[] }>(
        base,
        users.finance,
        'GET',
        `/api/disbursements?status=delivered&fundId=${seed.fundId}&limit=200`,
      );
      return ids.every((id) => list.items.some((d) => d.id === id)) ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, what: 'the handovers to be delivered' },
  );
  return ids;
}

/** A sample drawn on the console, worked through as a call list on a phone-sized screen. */
export function verificationCallListOnAPhone(h: () => Harness): void {
  it('draws a verification sample and records an outcome from the call list on a phone', async () => {
    const harness = h();
    const { users, seed } = harness;
    const delivered = await deliveredAtSecondSite(harness);

    const desk = await openAs(harness, users.finance, '/finance/verifications');
    await desk.page.waitForSelector(`#draw-fund option[value="${seed.fundId}"]`, {
      state: 'attached',
    });
    await desk.page.waitForSelector(`#draw-site option[value="${seed.siteIds[1]}"]`, {
      state: 'attached',
    });
    await desk.page.selectOption('#draw-fund', seed.fundId);
    await desk.page.selectOption('#draw-site', seed.siteIds[1] ?? '');
    await desk.page.fill('#draw-seed', 'e2e');
    await desk.page.click('#draw-submit');
    await desk.page.waitForURL(/\/finance\/verifications\/[0-9a-f-]{36}$/);
    const path = new URL(desk.page.url()).pathname;
    await desk.context.close();

    // A phone: 390 × 844 CSS pixels, touch, the call list must not scroll sideways.
    const phone = await harness.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    await phone.addInitScript((token) => {
      if (!localStorage.getItem('e2e.seeded')) {
        sessionStorage.setItem(
          'aidflow.session',
          JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 }),
        );
        localStorage.setItem('e2e.seeded', '1');
      }
    }, users.finance.token);
    const page = await phone.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${harness.base}${path}`);
    const cards = page.locator('#call-list li.call');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    const ids = await cards.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-disbursement-id')),
    );
    expect([...ids].sort()).toEqual([...delivered].sort());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const first = cards.first();
    const box = await first.locator('label.choice').first().boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-call-list-phone');
    const disbursementId = (await first.getAttribute('data-disbursement-id')) ?? '';
    await first.locator('label.choice').first().tap();
    await first.locator('button.record').tap();
    await page.waitForSelector(
      '#verification-counts li[data-outcome="received"] .kpi-value:text("1")',
    );
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    await screenshot(page, 'finance-call-list-phone-recorded');
    const id = path.split('/').pop() ?? '';
    const view = await call<{ items: { disbursementId: string; outcome?: string }[] }>(
      harness.base,
      users.finance,
      'GET',
      `/api/verifications/${id}`,
    );
    expect(view.items.find((i) => i.disbursementId === disbursementId)?.outcome).toBe('received');
    expect(problems).toEqual([]);
    await phone.close();
  });
}
