import { expect, it } from '@jest/globals';
import { call, type Harness, openAs, screenshot, seriousViolations } from './kit';

/** Sensitive grievances reach admins only; ops assign and close the others with an outcome. */
export function sensitiveGrievancesAdminOnly(h: () => Harness): void {
  it('hides a sensitive grievance from ops, shows it to an admin, and closes a complaint with its outcome', async () => {
    const { base, users, seed } = h();
    const open = (category: string, description: string) =>
      call<{ id: string }>(base, users.admin, 'POST', '/api/grievances', {
        incidentId: seed.incidentId,
        beneficiaryId: seed.beneficiaryIds[0],
        category,
        description,
      });
    const sensitive = await open('sensitive', '反映组长索要好处费');
    const complaint = await open('complaint', '帐篷漏雨，申请更换');

    const ops = await openAs(h(), users.ops, '/ops/grievances');
    const row = ops.page.locator(`tr[data-grievance-id="${complaint.id}"]`);
    await row.waitFor();
    expect(await ops.page.locator(`tr[data-grievance-id="${sensitive.id}"]`).count()).toBe(0);
    expect(await ops.page.locator('tr[data-category="sensitive"]').count()).toBe(0);
    expect(await seriousViolations(ops.page)).toEqual([]);
    await screenshot(ops.page, 'ops-grievances');
    await row.locator('button', { hasText: '分派' }).click();
    await ops.page.fill('#grievance-dialog textarea', 'ops-1');
    await ops.page.click('#grievance-dialog button.confirm');
    await row.locator('.status.assigned').waitFor();
    await row.locator('button', { hasText: '关闭' }).click();
    await ops.page.fill('#grievance-dialog textarea', '已更换帐篷');
    await ops.page.click('#grievance-dialog button.confirm');
    await row.locator('.status.closed').waitFor();
    expect(await row.textContent()).toContain('已更换帐篷');
    expect(ops.problems).toEqual([]);
    await ops.context.close();

    const admin = await openAs(h(), users.admin, '/ops/grievances');
    await admin.page.locator(`tr[data-grievance-id="${sensitive.id}"]`).waitFor();
    await admin.context.close();
  });
}
