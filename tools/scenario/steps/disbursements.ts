import { idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import type { Person } from '../maduo-data';
import { eventually, inParallel, yuan, type Scenario, type User } from '../scenario';

export interface Recipient {
  p: Person;
  beneficiaryId: string;
}

/** 7. Condolence money: requested by finance, approved by a different person. */
export async function condolenceMoney(
  s: Scenario,
  finance: User,
  approver: User,
  fundId: string,
  recipients: Recipient[],
): Promise<Schemas['DisbursementView'][]> {
  const disbursements = await inParallel(recipients, 8, (r, i) =>
    eventually('disbursement request', () =>
      ok(
        finance.api.POST('/api/disbursements', {
          params: { header: idempotencyKey(`maduo-${s.run}-disbursement-${i}`) },
          body: {
            fundId,
            beneficiaryId: r.beneficiaryId,
            amountFen: r.p.cashFen,
            purpose: 'condolence',
            note: '慰问金 condolence money',
          },
        }),
      ),
    ),
  );
  s.progress(
    `${disbursements.length} condolence disbursements requested (${yuan(recipients.reduce((sum, r) => sum + r.p.cashFen, 0))} yuan)`,
  );
  await inParallel(disbursements, 8, (d) =>
    ok(
      approver.api.POST('/api/disbursements/{id}/approve', {
        params: { path: { id: d.id } },
        body: {},
      }),
    ),
  );
  s.progress(`${disbursements.length} disbursements approved by ${approver.name}`);
  return disbursements;
}
