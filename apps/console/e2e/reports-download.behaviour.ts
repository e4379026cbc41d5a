import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { type Harness, openAs, screenshot, seriousViolations } from './kit';

async function download(page: Page, selector: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await file.path();
  return readFileSync(path);
}

/** The exports and the finance PDF, fetched with the session's token and saved by the browser. */
export function reportsDownload(h: () => Harness): void {
  it('downloads an export as CSV in the user language and the finance report as a PDF', async () => {
    const { page, context, problems } = await openAs(h(), h().users.finance, '/finance/reports');
    await page.waitForSelector('#exports button[data-export="advances.csv"]:not([disabled])');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-reports');
    const csv = await download(page, 'button[data-export="disbursements.csv"]');
    // UTF-8 with a BOM (Excel opens Chinese correctly), headers in the user's language.
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
    // The header and the seed's two requests at least.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const pdf = await download(page, '#finance-pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(problems).toEqual([]);
    await context.close();
  });
}
