import { expect, it } from '@jest/globals';
import { approvedCash, eventually } from './field-kit';
import {
  ApiFailure,
  call,
  type Harness,
  openAs,
  residentId,
  screenshot,
  seriousViolations,
} from './kit';

interface FundFigures {
  reservedFen: number;
  availableFen: number;
}

/** An approved, undelivered disbursement released with a reason: its reservation is available again. */
export function releaseApprovedDisbursement(h: () => Harness): void {
  it('releases an approved undelivered disbursement with a reason, and the fund has it available again', async () => {
    const harness = h();
    const { base, users, seed } = harness;
    const person = await call<{ id: string }>(base, users.field, 'POST', '/api/beneficiaries', {
      incidentId: seed.incidentId,
      siteId: seed.siteIds[0],
      fullName: '次仁旺姆',
      idNumber: residentId(6500),
      category: 'affected_family',
      tier: 'relative',
      householdSize: 3,
      consent: true,
    });
    // fund-allocation learns of the person by its event.
    const disbursementId = await eventually(
      async () => {
        try {
          return await approvedCash(harness, person.id, 120_000);
        } catch (error) {
          if (error instanceof ApiFailure && (error.status === 404 || error.status === 422))
            return undefined;
          throw error;
        }
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the new person in fund-allocation' },
    );
    const before = await call<FundFigures>(base, users.finance, 'GET', `/api/funds/${seed.fundId}`);

    const { page, context, problems } = await openAs(
      harness,
      users.finance,
      `/finance/requests/${disbursementId}`,
    );
    await page.waitForSelector('#request-detail[data-status="approved"]');
    await page.click('#release');
    await page.fill('#release-dialog textarea', '受助人已由县工会另行救助');
    await page.click('#release-dialog button.confirm');
    await page.waitForSelector('#released');
    await page.waitForSelector('#request-detail[data-status="cancelled"]');
    expect(await page.locator('#release').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-released');
    const after = await call<FundFigures>(base, users.finance, 'GET', `/api/funds/${seed.fundId}`);
    expect(before.reservedFen - after.reservedFen).toBe(120_000);
    expect(after.availableFen - before.availableFen).toBe(120_000);
    expect(problems).toEqual([]);
    await context.close();
  });
}
