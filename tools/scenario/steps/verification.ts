import { ok } from '@aidflow/api-client';
import type { Scenario, User } from '../scenario';

/**
 * 9b. A month later finance re-contacts a random sample of the condolence recipients (回访核查):
 * 95 % confidence, 5 % margin, a fixed seed so the same run draws the same people; every one of
 * them confirms the money arrived. Throws when the sample does not close with 0 discrepancies.
 */
export async function verificationSample(
  s: Scenario,
  finance: User,
  fundId: string,
): Promise<void> {
  const drawn = await ok(
    finance.api.POST('/api/verifications', {
      body: { fundId, confidence: 0.95, marginOfError: 0.05, seed: `maduo-${s.run}` },
    }),
  );
  for (const item of drawn.items)
    await ok(
      finance.api.POST('/api/verifications/{id}/items/{disbursementId}', {
        params: { path: { id: drawn.id, disbursementId: item.disbursementId } },
        body: { outcome: 'received', receivedAmountFen: item.amountFen, note: '电话回访 by phone' },
      }),
    );
  const closed = await ok(
    finance.api.GET('/api/verifications/{id}', { params: { path: { id: drawn.id } } }),
  );
  s.progress(
    `verification sample: ${closed.sampleSize} of ${closed.populationSize} delivered disbursements ` +
      `re-contacted (95 % / 5 %): ${closed.counts.received} received, ` +
      `${closed.counts.not_received + closed.counts.received_with_issues} discrepancies`,
  );
  if (closed.counts.received !== closed.sampleSize)
    throw new Error(`verification sample did not close: ${JSON.stringify(closed.counts)}`);
}
