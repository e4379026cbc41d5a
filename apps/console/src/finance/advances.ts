// Cash advances (contract "Cash advances"): the calls and the rules the screens share.
import { ok, typed } from '../api/client';
import type { Advance, AdvanceStatus, Team } from '../api/types';
import type { Session } from '../auth/session';
import { useAsync, type AsyncState } from '../ui/use-async';

export const ADVANCE_STATUSES: AdvanceStatus[] = [
  'requested',
  'partially_approved',
  'issued',
  'settled',
  'discrepancy',
  'rejected',
];

/** The header every write sends: a retry of the same intent creates nothing twice. */
export const intentHeaders = (key: string): { 'Idempotency-Key': string } => ({
  'Idempotency-Key': key,
});

export const approveAdvance = (id: string, key: string): Promise<Advance> =>
  ok(
    typed.POST('/api/advances/{id}/approve', {
      params: { path: { id } },
      body: {},
      headers: intentHeaders(key),
    }),
  );

export const rejectAdvance = (id: string, reason: string, key: string): Promise<Advance> =>
  ok(
    typed.POST('/api/advances/{id}/reject', {
      params: { path: { id } },
      body: { reason },
      headers: intentHeaders(key),
    }),
  );

export interface Settlement {
  returnedFen: number;
  note?: string;
  acceptDiscrepancy?: boolean;
  reason?: string;
}

export const settleAdvance = (id: string, body: Settlement, key: string): Promise<Advance> =>
  ok(
    typed.POST('/api/advances/{id}/settle', {
      params: { path: { id } },
      body,
      headers: intentHeaders(key),
    }),
  );

/** The approver's rule, as for disbursements: never the requester, never twice. */
export function mayDecideAdvance(session: Session | undefined, a: Advance): boolean {
  if (!session || !session.user.roles.includes('approver')) return false;
  if (a.requestedBy === session.user.sub || a.approvedBy.includes(session.user.sub)) return false;
  return a.status === 'requested' || a.status === 'partially_approved';
}

/** Who may record the cash returned: finance, field and approvers, while the advance is issued. */
export function maySettle(session: Session | undefined, a: Advance): boolean {
  const roles = session?.user.roles ?? [];
  return (
    a.status === 'issued' &&
    ['finance', 'field', 'approver'].some((r) => roles.includes(r as 'finance'))
  );
}

/** Only an approver who did not request the advance may accept a settlement that does not balance. */
export function mayAcceptDiscrepancy(session: Session | undefined, a: Advance): boolean {
  return !!session?.user.roles.includes('approver') && session.user.sub !== a.requestedBy;
}

/** The teams of the incident's sites in the caller's scope (the team an advance is for). */
export function useTeams(incidentId: string): AsyncState<Team[]> {
  return useAsync(
    async (signal) =>
      incidentId
        ? (
            await ok(
              typed.GET('/api/teams', { params: { query: { incidentId, limit: 200 } }, signal }),
            )
          ).items
        : [],
    [incidentId],
  );
}

/** The difference a refused settlement names (422 details, "… (12345 fen)"), in fen. */
export function differenceOf(problem: string | undefined): string | undefined {
  const match = /(-?\d+) fen/.exec(problem ?? '');
  return match?.[1];
}
