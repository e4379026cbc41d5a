import { BeneficiaryTier, HouseholdShock } from '@aidflow/contracts';
import { RiskView } from '../../monitoring/dto/risk.view';

export interface AssessmentView {
  id: string;
  beneficiaryId: string;
  assessedAt: string;
  monthlyIncomeFen?: number;
  householdSize: number;
  shocks: HouseholdShock[];
  essentialSpendingFen?: number;
  tier: BeneficiaryTier;
  note?: string;
  recordedBy?: string;
  recordedAt: string;
}

export interface TierChangeView {
  from: BeneficiaryTier | null;
  to: BeneficiaryTier;
  at: string;
  assessmentId?: string;
}

/** The household file: latest assessment, tier history (registration first), open risks. */
export interface HouseholdView {
  beneficiaryId: string;
  incidentId: string;
  siteId?: string;
  orgCode: string;
  idNumberMasked: string;
  tier: BeneficiaryTier;
  householdSize: number;
  latestAssessment: AssessmentView | null;
  assessmentCount: number;
  tierHistory: TierChangeView[];
  openRisks: RiskView[];
}

export interface AssessmentRow {
  id: string;
  beneficiary_id: string;
  assessed_at: Date;
  monthly_income_fen: string | null;
  household_size: number;
  shocks: HouseholdShock[];
  essential_spending_fen: string | null;
  tier: BeneficiaryTier;
  note_cipher: string | null;
  note_key_id: string | null;
  recorded_by: string | null;
  recorded_at: Date;
}

/** A bigint column (a string from pg) as a JSON-safe number of fen. */
export function fen(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${value} is not a safe integer of fen`);
  return n;
}

export function toAssessmentView(r: AssessmentRow, note: string | undefined): AssessmentView {
  return {
    id: r.id,
    beneficiaryId: r.beneficiary_id,
    assessedAt: r.assessed_at.toISOString(),
    ...(r.monthly_income_fen !== null ? { monthlyIncomeFen: fen(r.monthly_income_fen) } : {}),
    householdSize: r.household_size,
    shocks: r.shocks,
    ...(r.essential_spending_fen !== null
      ? { essentialSpendingFen: fen(r.essential_spending_fen) }
      : {}),
    tier: r.tier,
    ...(note !== undefined ? { note } : {}),
    ...(r.recorded_by !== null ? { recordedBy: r.recorded_by } : {}),
    recordedAt: r.recorded_at.toISOString(),
  };
}
