import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, residentId, screenshot, seriousViolations } from './kit';

/** Bulk registration: bad rows are listed per row and nothing is written; the fixed file imports once. */
export function importShowsBadRowsFirst(h: () => Harness): void {
  const bigRows = Number(process.env.IMPORT_E2E_ROWS ?? 0);
  it(
    'lists the bad rows of an import file and writes nothing, then imports the corrected file',
    async () => {
      const { base, users, seed } = h();
      const registered = async (): Promise<number> =>
        (
          await call<{ items: unknown[] }>(
            base,
            users.ops,
            'GET',
            `/api/beneficiaries?incidentId=${seed.incidentId}&limit=200`,
          )
        ).items.length;
      const before = await registered();
      const good = residentId(7001);
      const wrongCheck = `${residentId(7002).slice(0, 17)}${residentId(7002).endsWith('1') ? '2' : '1'}`;
      const header = 'fullName,idNumber,category,tier,householdSize,consent';
      const bad = [
        header,
        `多杰,${good},affected_family,deep,5,yes`,
        `拉姆,${wrongCheck},affected_family,relative,3,yes`,
        `多杰,${good},affected_family,deep,5,yes`,
      ].join('\n');

      const { page, context, problems } = await openAs(h(), users.ops, '/ops/import');
      await page.waitForSelector(`#incident option[value="${seed.incidentId}"]`, {
        state: 'attached',
      });
      await page.selectOption('#incident', seed.incidentId);
      await page.setInputFiles('#import-file', {
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(bad, 'utf8'),
      });
      await page.waitForSelector('#import-submit:text("3")');
      await page.click('#import-submit');
      await page.waitForSelector('#import-problems');
      const lines = await page
        .locator('#import-problem-table tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')));
      // Line 1 is the header: the bad check digit is line 3, the repeated person line 4.
      expect([...new Set(lines)].sort()).toEqual(['3', '4']);
      const text = (await page.textContent('#import-problems')) ?? '';
      expect(text).toContain('校验位');
      expect(text).toContain('第 2 行');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'ops-import-bad-rows');
      expect(await registered()).toBe(before);

      const fixed = [
        header,
        `多杰,${good},affected_family,deep,5,yes`,
        `拉姆,${residentId(7003)},affected_family,relative,3,yes`,
      ].join('\n');
      await page.setInputFiles('#import-file', {
        name: 'people-fixed.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(fixed, 'utf8'),
      });
      await page.waitForSelector('#import-submit:text("2")');
      await page.click('#import-submit');
      await page.waitForSelector('#import-done');
      expect(await registered()).toBe(before + 2);

      // A big file (IMPORT_E2E_ROWS=10000 to try one; CI keeps the suite fast): progress, then done.
      const rows = bigRows;
      if (rows > 0) {
        const big = [header];
        for (let i = 0; i < rows; i++)
          // Born 1999-06-10 … 2026-10-27: real, past dates, none of them used above.
          big.push(`受助人${i},${residentId(7_100 + i)},affected_family,relative,4,yes`);
        await page.setInputFiles('#import-file', {
          name: `people-${rows}.csv`,
          mimeType: 'text/csv',
          buffer: Buffer.from(big.join('\n'), 'utf8'),
        });
        const started = Date.now();
        await page.click('#import-submit');
        await page.waitForSelector('#import-progress');
        await screenshot(page, 'ops-import-progress');
        await page.waitForSelector('#import-done, #import-error, #import-problems', {
          timeout: 540_000,
        });
        expect(await page.locator('#import-error, #import-problems').count()).toBe(0);
        await screenshot(page, 'ops-import-big-done');
        process.stdout.write(
          `import of ${rows} rows took ${Date.now() - started} ms in the browser\n`,
        );
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    bigRows > 0 ? 600_000 : undefined,
  );
}
