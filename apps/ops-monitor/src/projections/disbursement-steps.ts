/** The lifecycle steps of a disbursement the projection has seen (timestamps, null = not seen). */
export interface DisbursementSteps {
  amountFen: bigint | null;
  approvedAt: Date | null;
  rejectedAt: Date | null;
  cancelledAt: Date | null;
  deliveredAt: Date | null;
}

export interface FundContribution {
  reservedFen: bigint;
  deliveredFen: bigint;
}

/**
 * What one disbursement adds to its fund, as fund-allocation's ledger books it: approval reserves,
 * delivery turns the reservation into delivered money, rejection or cancellation after approval
 * releases it. Derived from the set of steps seen, so the result does not depend on arrival order.
 */
export function contributionOf(steps: DisbursementSteps): FundContribution {
  const amount = steps.amountFen ?? 0n;
  if (steps.deliveredAt) return { reservedFen: 0n, deliveredFen: amount };
  if (steps.approvedAt && !steps.rejectedAt && !steps.cancelledAt) {
    return { reservedFen: amount, deliveredFen: 0n };
  }
  return { reservedFen: 0n, deliveredFen: 0n };
}

/** The disbursement events, each recording one step. */
export type DisbursementStepType =
  | 'disbursement.requested'
  | 'disbursement.partially_approved'
  | 'disbursement.approved'
  | 'disbursement.rejected'
  | 'disbursement.cancelled'
  | 'disbursement.delivered';

/**
 * One step arriving: the steps seen afterwards (a step seen before keeps its first time; the amount
 * is the first one seen) and what it changes in the fund's contribution. Summed over the steps, the
 * deltas give contributionOf the final steps, whatever order the steps arrive in.
 */
export function applyStep(
  before: DisbursementSteps,
  type: DisbursementStepType,
  at: Date,
  amountFen: bigint | null,
): { after: DisbursementSteps; delta: FundContribution } {
  const after: DisbursementSteps = { ...before, amountFen: before.amountFen ?? amountFen };
  if (type === 'disbursement.approved') after.approvedAt ??= at;
  if (type === 'disbursement.rejected') after.rejectedAt ??= at;
  if (type === 'disbursement.cancelled') after.cancelledAt ??= at;
  if (type === 'disbursement.delivered') after.deliveredAt ??= at;
  const was = contributionOf(before);
  const now = contributionOf(after);
  return {
    after,
    delta: {
      reservedFen: now.reservedFen - was.reservedFen,
      deliveredFen: now.deliveredFen - was.deliveredFen,
    },
  };
}

export const DISBURSEMENT_STATUSES = [
  'requested',
  'partially_approved',
  'approved',
  'rejected',
  'cancelled',
  'delivered',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/** The same precedence as contributionOf, as SQL over disbursement_view (alias d). */
export const DISBURSEMENT_STATUS_SQL = `
  CASE
    WHEN d.delivered_at IS NOT NULL THEN 'delivered'
    WHEN d.cancelled_at IS NOT NULL THEN 'cancelled'
    WHEN d.rejected_at IS NOT NULL THEN 'rejected'
    WHEN d.approved_at IS NOT NULL THEN 'approved'
    WHEN d.partially_approved_at IS NOT NULL THEN 'partially_approved'
    ELSE 'requested'
  END`;
