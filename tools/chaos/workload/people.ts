// One group of people: registered (a lost answer re-sent finds the person by the 409's existingId),
// a disbursement requested for each under an idempotency key, and approved by two approvers at
// once: exactly one approval may win, the other is refused.
import { ApiError, idempotencyKey, ok } from '@aidflow/api-client';
import type { Person } from '../../scenario/maduo-data';
import { persist } from './persist';
import { Plan } from './plan';
import { Setup } from './setup';

export interface Paid {
  beneficiaryId: string;
  disbursementId: string;
  amountFen: number;
  coat: boolean;
}

export interface ApprovalRace {
  races: number;
  bothWon: number;
}

export const approvalRace: ApprovalRace = { races: 0, bothWon: 0 };

async function register(setup: Setup, siteId: string, p: Person): Promise<string> {
  return persist('registration', async () => {
    try {
      const b = await ok(
        setup.users.field.api.POST('/api/beneficiaries', {
          body: {
            incidentId: setup.incidentId,
            siteId,
            fullName: p.fullName,
            idNumber: p.idNumber,
            category: p.category,
            tier: p.tier,
            householdSize: p.householdSize,
            consent: true,
          },
        }),
      );
      return b.id;
    } catch (error) {
      // The first attempt registered the person but its answer was lost.
      if (error instanceof ApiError && error.status === 409 && error.body.existingId)
        return error.body.existingId;
      throw error;
    }
  });
}

async function approveConcurrently(setup: Setup, id: string): Promise<void> {
  const approve = (who: 'approver' | 'approver2') =>
    persist(`approval ${id}`, () =>
      ok(
        setup.users[who].api.POST('/api/disbursements/{id}/approve', {
          params: { path: { id } },
          body: {},
        }),
      ).then(
        () => true,
        (error: unknown) => {
          if (
            error instanceof ApiError &&
            (error.status === 409 || error.status === 422) &&
            !/not found/i.test(error.message)
          )
            return false;
          throw error;
        },
      ),
    );
  const won = await Promise.all([approve('approver'), approve('approver2')]);
  approvalRace.races += 1;
  if (won[0] && won[1]) approvalRace.bothWon += 1;
  const now = await persist('disbursement', () =>
    ok(setup.users.finance.api.GET('/api/disbursements/{id}', { params: { path: { id } } })),
  );
  if (now.status !== 'approved' && now.status !== 'delivered')
    throw new Error(`disbursement ${id} is ${now.status} after both approvals`);
}

export async function payGroup(
  setup: Setup,
  plan: Plan,
  siteId: string,
  group: { p: Person; index: number }[],
): Promise<Paid[]> {
  const paid: Paid[] = [];
  for (const { p, index } of group) {
    const beneficiaryId = await register(setup, siteId, p);
    const d = await persist('disbursement request', () =>
      ok(
        setup.users.finance.api.POST('/api/disbursements', {
          params: { header: idempotencyKey(`chaos-${plan.runId}-disbursement-${index}`) },
          body: {
            fundId: setup.fundId,
            beneficiaryId,
            amountFen: plan.cashPerPersonFen,
            purpose: 'condolence',
            note: 'chaos condolence',
          },
        }),
      ),
    );
    await approveConcurrently(setup, d.id);
    paid.push({
      beneficiaryId,
      disbursementId: d.id,
      amountFen: plan.cashPerPersonFen,
      coat: index % plan.coatEvery === 0,
    });
  }
  return paid;
}
