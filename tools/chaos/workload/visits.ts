// The visits that hand the money over: a single visit (POST /api/visits), an offline batch sent
// once and re-sent twice, or a batch from a device whose clock runs two days behind. Every answer
// must be accepted or duplicate; the visit ids are what the checker expects exactly once.
import { ApiError, ok, type Schemas } from '@aidflow/api-client';
import { randomUUID } from 'node:crypto';
import { Paid } from './people';
import { persist } from './persist';
import { Setup } from './setup';

export type VisitMode = 'single' | 'batch×3' | 'skewed batch';

const TWO_DAYS_MS = 2 * 86_400_000;

export function visitOf(
  setup: Setup,
  siteId: string,
  paid: Paid[],
  mode: VisitMode,
): Schemas['VisitDto'] {
  const clock = mode === 'skewed batch' ? Date.now() - TWO_DAYS_MS : Date.now();
  return {
    id: randomUUID(),
    teamId: setup.teamId,
    siteId,
    visitedAt: new Date(clock).toISOString(),
    notes: `chaos visit (${mode})`,
    beneficiaries: paid.map((x) => ({
      beneficiaryId: x.beneficiaryId,
      cash: { disbursementId: x.disbursementId, amountFen: x.amountFen },
      ...(x.coat ? { goods: [{ itemCode: 'cotton-coat', quantity: 1 }] } : {}),
    })),
  };
}

/** A visit refused because welfare-visit has not seen its people or cash yet is re-sent (422). */
export async function sendBatch(setup: Setup, visits: Schemas['VisitDto'][]): Promise<void> {
  await persist('visit batch', async () => {
    const answer = await ok(setup.users.field.api.POST('/api/visits/batch', { body: { visits } }));
    const refused = answer.results.filter(
      (r) => r.status !== 'accepted' && r.status !== 'duplicate',
    );
    if (refused.length > 0)
      throw new ApiError(
        422,
        { statusCode: 422, error: 'Unprocessable Entity', message: JSON.stringify(refused) },
        'POST /api/visits/batch',
      );
  });
}

export async function sendVisit(
  setup: Setup,
  visit: Schemas['VisitDto'],
  mode: VisitMode,
): Promise<void> {
  if (mode === 'single') {
    await persist('visit', () => ok(setup.users.field.api.POST('/api/visits', { body: visit })));
    return;
  }
  // Offline: the device sends its batch, then twice more (it never saw the answers).
  for (let i = 0; i < (mode === 'batch×3' ? 3 : 1); i++) await sendBatch(setup, [visit]);
}
