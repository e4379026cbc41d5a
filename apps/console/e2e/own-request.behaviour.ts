import { expect, it } from '@jest/globals';
import { type Harness, openAs } from './kit';

/** A requester who is also an approver sees no approve button on their own request; forging the call gets 403. */
export function ownRequestCannotBeApproved(h: () => Harness): void {
  it('shows the requester no approve button on their own request, and a forged approve call gets 403', async () => {
    const { users, seed } = h();
    const { page, context } = await openAs(
      h(),
      users.clerkApprover,
      `/finance/requests/${seed.ownRequestId}`,
    );
    await page.waitForSelector('#request-detail');
    await page.waitForSelector('#own-request');
    expect(await page.locator('#approve').count()).toBe(0);

    await page.goto(`${h().base}/finance/approvals`);
    await page.waitForSelector('#approval-queue tbody tr');
    expect(await page.locator(`tr[data-request-id="${seed.ownRequestId}"]`).count()).toBe(0);

    // The same call the button would make, forged from the page with the requester's own token.
    const status = await page.evaluate(async (id) => {
      const session = JSON.parse(sessionStorage.getItem('aidflow.session') ?? '{}') as {
        accessToken?: string;
      };
      const response = await fetch(`/api/disbursements/${id}/approve`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      return response.status;
    }, seed.ownRequestId);
    expect(status).toBe(403);
    await context.close();
  });
}
