// A phase's cash advance: requested by finance once the phase's disbursements are approved (an
// advance may only carry approved, undelivered money of the team's sites), issued by the
// approvers, and settled once the visits have handed every fen over (nothing returned).
import { ApiError, idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import { persist } from './persist';
import { Setup } from './setup';

export async function issueAdvance(setup: Setup, key: string, amountFen: number): Promise<string> {
  const { finance, approver, approver2 } = setup.users;
  const advance = await persist('advance', () =>
    ok(
      finance.api.POST('/api/advances', {
        params: { header: idempotencyKey(key) },
        body: { fundId: setup.fundId, teamId: setup.teamId, amountFen, note: 'chaos team cash' },
      }),
    ),
  );
  const path = { params: { path: { id: advance.id } } };
  // Above the dual threshold two approvers issue it; below, the first does.
  for (const who of [approver, approver2]) {
    const now = await persist('advance', () => ok(finance.api.GET('/api/advances/{id}', path)));
    if (now.status === 'issued') return advance.id;
    await persist('advance approval', () =>
      ok(who.api.POST('/api/advances/{id}/approve', { ...path, body: {} })).catch(
        (error: unknown) => {
          // A lost answer re-sent: this approver's approval is already in.
          if (error instanceof ApiError && error.status === 409) return undefined;
          throw error;
        },
      ),
    );
  }
  const issued = await persist('advance', () => ok(finance.api.GET('/api/advances/{id}', path)));
  if (issued.status !== 'issued') throw new Error(`advance ${advance.id} is ${issued.status}`);
  return advance.id;
}

export async function settleAdvance(
  setup: Setup,
  id: string,
  amountFen: number,
): Promise<Schemas['AdvanceView']> {
  const finance = setup.users.finance;
  const path = { params: { path: { id } } };
  const deadline = Date.now() + 240_000;
  for (;;) {
    const now = await persist('advance', () => ok(finance.api.GET('/api/advances/{id}', path)));
    if (now.status === 'settled') return now;
    if (Number(now.handedOverFen) === amountFen) break;
    if (Date.now() > deadline)
      throw new Error(`advance ${id} handed over ${now.handedOverFen} of ${amountFen} fen`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await persist('settlement', () =>
    ok(
      finance.api.POST('/api/advances/{id}/settle', {
        ...path,
        body: { returnedFen: 0, note: 'chaos: all handed over' },
      }),
    ).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 409) return undefined; // settled by the lost attempt
      throw error;
    }),
  );
  return persist('advance', () => ok(finance.api.GET('/api/advances/{id}', path)));
}
