import { idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import { eventually, yuan, type Scenario, type User } from '../scenario';

/**
 * 8b. The team carries the condolence money in cash (备用金): finance requests an advance of all
 * of it, two approvers issue it (it is above the dual-approval threshold).
 */
export async function issueAdvance(
  s: Scenario,
  users: { finance: User; approver: User; approver2: User },
  fundId: string,
  teamId: string,
  amountFen: number,
): Promise<Schemas['AdvanceView']> {
  const advance = await eventually('cash advance', () =>
    ok(
      users.finance.api.POST('/api/advances', {
        params: { header: idempotencyKey(`maduo-${s.run}-advance`) },
        body: { fundId, teamId, amountFen, note: '慰问组备用金 cash carried to the sites' },
      }),
    ),
  );
  for (const approver of [users.approver, users.approver2])
    await ok(
      approver.api.POST('/api/advances/{id}/approve', {
        params: { path: { id: advance.id } },
        body: {},
      }),
    );
  const issued = await ok(
    users.finance.api.GET('/api/advances/{id}', { params: { path: { id: advance.id } } }),
  );
  s.progress(`cash advance of ${yuan(amountFen)} yuan ${issued.status} to the delegation team`);
  return issued;
}

/** 9a. Back from the sites: every fen was handed over, none comes back; the advance settles. */
export async function settleAdvance(
  s: Scenario,
  finance: User,
  advance: Schemas['AdvanceView'],
): Promise<Schemas['AdvanceView']> {
  // The hand-overs reach fund-allocation through visit.logged: wait until all are drawn down.
  const until = Date.now() + 120_000;
  for (;;) {
    const now = await ok(
      finance.api.GET('/api/advances/{id}', { params: { path: { id: advance.id } } }),
    );
    if (Number(now.handedOverFen) === Number(advance.amountFen)) break;
    if (Date.now() > until)
      throw new Error(`advance handed over ${now.handedOverFen} of ${advance.amountFen} fen`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const settled = await ok(
    finance.api.POST('/api/advances/{id}/settle', {
      params: { path: { id: advance.id } },
      body: { returnedFen: 0, note: '全部发放 all handed over' },
    }),
  );
  s.progress(
    `advance ${settled.status}: ${yuan(Number(settled.handedOverFen))} handed over + ${yuan(Number(settled.returnedFen))} returned + ${yuan(Number(settled.outstandingFen))} outstanding`,
  );
  return settled;
}
