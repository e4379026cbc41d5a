import { expect, it } from '@jest/globals';
import { type Harness, openAs } from './kit';

/** Two approvers decide the same request; the one who comes second is told plainly and the queue refreshes. */
export function approversRace(h: () => Harness): void {
  it('tells the approver who lost a race plainly, and refreshes the queue', async () => {
    const { users, seed } = h();
    const a = await openAs(h(), users.approverA, '/finance/approvals');
    const b = await openAs(h(), users.approverB, '/finance/approvals');
    const rowSelector = `tr[data-request-id="${seed.raceRequestId}"]`;
    await Promise.all([a.page.waitForSelector(rowSelector), b.page.waitForSelector(rowSelector)]);

    await a.page.click(`${rowSelector} button.approve`);
    await a.page.waitForSelector('#queue-ok');
    await b.page.click(`${rowSelector} button.approve`);
    const message = await b.page.waitForSelector('#queue-conflict');
    expect(await message.textContent()).toContain('他人已先处理');
    await b.page.waitForSelector(rowSelector, { state: 'detached' });
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
}
