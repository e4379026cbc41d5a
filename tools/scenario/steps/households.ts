import { ok, type Schemas } from '@aidflow/api-client';
import type { Scenario, User } from '../scenario';

/** Every SAMPLE_EVERY-th household is assessed. */
const SAMPLE_EVERY = 20;

/**
 * 8b. Field teams record household assessments (分层建档) for a sample of the households a month
 * after the earthquake; the relapse rules open relapse_risk follow-ups by themselves
 * (预防返贫致困监测). Throws when the low-income rule opened none.
 */
export async function householdAssessments(
  s: Scenario,
  field: User,
  beneficiaries: Schemas['BeneficiaryView'][],
): Promise<void> {
  const sample = beneficiaries.filter((_, i) => i % SAMPLE_EVERY === 0);
  for (const [i, b] of sample.entries()) {
    const poor = i % 2 === 0;
    await ok(
      field.api.POST('/api/households/{beneficiaryId}/assessments', {
        params: { path: { beneficiaryId: b.id } },
        body: {
          assessedAt: '2021-06-22T10:00:00+08:00',
          householdSize: 4,
          // 1,200 yuan for four is below 1.5 × the 333-yuan poverty line per person; 6,000 is not.
          monthlyIncomeFen: poor ? 120_000 : 600_000,
          shocks: ['disaster'],
          essentialSpendingFen: poor ? 80_000 : 50_000,
          tier: poor ? 'deep' : 'relative',
          note: '地震后入户核查',
        },
      }),
    );
  }
  const byRule = new Map<string, number>();
  for (const b of sample) {
    const file = await ok(
      field.api.GET('/api/households/{beneficiaryId}', {
        params: { path: { beneficiaryId: b.id } },
      }),
    );
    for (const risk of file.openRisks)
      byRule.set(risk.ruleCode, (byRule.get(risk.ruleCode) ?? 0) + 1);
  }
  const total = [...byRule.values()].reduce((a, n) => a + n, 0);
  s.progress(
    `${sample.length} households assessed; relapse rules opened ${total} relapse_risk follow-ups (` +
      [...byRule.entries()].map(([rule, n]) => `${rule} ${n}`).join(', ') +
      ')',
  );
  if (!byRule.get('low_income_per_person'))
    throw new Error('no relapse_risk follow-up was opened by the low-income rule');
}
