import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** A CSV with two bad rows shows them and writes nothing; the fixed file then creates each request once. */
export function bulkCsvChecksRowsFirst(h: () => Harness): void {
  it('shows the two bad rows of an uploaded CSV and writes nothing until the file is fixed', async () => {
    const { base, users, seed } = h();
    const [p4, p5] = [seed.beneficiaryIds[3] ?? '', seed.beneficiaryIds[4] ?? ''];
    const requestsOf = async (id: string): Promise<number> =>
      (
        await call<{ items: unknown[] }>(
          base,
          users.finance,
          'GET',
          `/api/disbursements?beneficiaryId=${id}`,
        )
      ).items.length;

    const { page, context, problems } = await openAs(
      h(),
      users.finance,
      `/finance/requests/new?fund=${seed.fundId}`,
    );
    await page.waitForSelector(`#request-fund option[value="${seed.fundId}"]`, {
      state: 'attached',
    });
    await page.selectOption('#request-fund', seed.fundId);
    await page.click('#mode-file');
    const bad = `beneficiaryId,amount,note\n${p4},300,\n00000000-0000-4000-8000-000000000000,300,nobody\n${p5},三百,\n`;
    await page.setInputFiles('#request-file', {
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    await page.waitForSelector('#file-summary');
    expect(await page.locator('#file-rows tr.row-error').count()).toBe(2);
    expect(
      await page
        .locator('#file-rows tr.row-error')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line'))),
    ).toEqual(['3', '4']);
    expect(await page.isDisabled('#batch-submit')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-bulk-csv-errors');
    expect([await requestsOf(p4), await requestsOf(p5)]).toEqual([0, 0]);

    const fixed = `beneficiaryId,amount\n${p4},300\n${p5},300.00\n`;
    await page.setInputFiles('#request-file', {
      name: 'list-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fixed),
    });
    await page.waitForSelector('#file-summary.good');
    expect(await page.isDisabled('#batch-submit')).toBe(false);
    await page.click('#batch-submit');
    await page.waitForSelector('#batch-results');
    expect(await page.locator('#batch-results tr.row-error').count()).toBe(0);
    expect([await requestsOf(p4), await requestsOf(p5)]).toEqual([1, 1]);
    expect(problems).toEqual([]);
    await context.close();
  });
}
