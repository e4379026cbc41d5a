import { BeneficiaryTier } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RISK_COLUMNS, RiskRow } from '../monitoring/dto/risk.view';
import { AssessmentRow } from './dto/household.view';

export interface HouseholdRow {
  id: string;
  incident_id: string;
  site_id: string | null;
  org_code: string;
  id_number_masked: string;
  tier: BeneficiaryTier;
  household_size: number;
  created_at: Date;
}

export interface NewAssessment {
  id: string;
  beneficiaryId: string;
  orgCode: string;
  assessedAt: string;
  monthlyIncomeFen: number | null;
  householdSize: number;
  shocks: string[];
  essentialSpendingFen: number | null;
  tier: BeneficiaryTier;
  noteCipher: string | null;
  noteKeyId: string | null;
  recordedBy: string;
}

const HOUSEHOLD_COLUMNS = `id, incident_id, site_id, org_code, id_number_masked, tier, household_size, created_at`;
const ASSESSMENT_COLUMNS = `id, beneficiary_id, assessed_at, monthly_income_fen, household_size, shocks,
  essential_spending_fen, tier, note_cipher, note_key_id, recorded_by, recorded_at`;

/** SQL of the household file (assessments and tier history of a beneficiary). */
@Injectable()
export class HouseholdsRepository {
  async find(manager: EntityManager, id: string, lock = false): Promise<HouseholdRow | undefined> {
    const [row] = await manager.query<HouseholdRow[]>(
      `SELECT ${HOUSEHOLD_COLUMNS} FROM beneficiaries WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async latest(manager: EntityManager, beneficiaryId: string): Promise<AssessmentRow | undefined> {
    const [row] = await manager.query<AssessmentRow[]>(
      `SELECT ${ASSESSMENT_COLUMNS} FROM household_assessments WHERE beneficiary_id = $1
        ORDER BY assessed_at DESC, recorded_at DESC LIMIT 1`,
      [beneficiaryId],
    );
    return row;
  }

  async count(manager: EntityManager, beneficiaryId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM household_assessments WHERE beneficiary_id = $1`,
      [beneficiaryId],
    );
    return row?.n ?? 0;
  }

  async insert(manager: EntityManager, a: NewAssessment): Promise<AssessmentRow> {
    const [row] = await manager.query<AssessmentRow[]>(
      `INSERT INTO household_assessments (id, beneficiary_id, org_code, assessed_at, monthly_income_fen,
              household_size, shocks, essential_spending_fen, tier, note_cipher, note_key_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12)
       RETURNING ${ASSESSMENT_COLUMNS}`,
      [
        a.id,
        a.beneficiaryId,
        a.orgCode,
        a.assessedAt,
        a.monthlyIncomeFen === null ? null : String(a.monthlyIncomeFen),
        a.householdSize,
        a.shocks,
        a.essentialSpendingFen === null ? null : String(a.essentialSpendingFen),
        a.tier,
        a.noteCipher,
        a.noteKeyId,
        a.recordedBy,
      ],
    );
    return row;
  }

  /** The household's current tier and size follow its latest assessment. */
  async applyToBeneficiary(
    manager: EntityManager,
    beneficiaryId: string,
    tier: BeneficiaryTier,
    householdSize: number,
  ): Promise<void> {
    await manager.query(`UPDATE beneficiaries SET tier = $2, household_size = $3 WHERE id = $1`, [
      beneficiaryId,
      tier,
      householdSize,
    ]);
  }

  async insertTierChange(
    manager: EntityManager,
    assessmentId: string,
    beneficiaryId: string,
    from: BeneficiaryTier,
    to: BeneficiaryTier,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO household_tier_changes (assessment_id, beneficiary_id, from_tier, to_tier, changed_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [assessmentId, beneficiaryId, from, to, at],
    );
  }

  async tierChanges(
    manager: EntityManager,
    beneficiaryId: string,
  ): Promise<
    {
      assessment_id: string;
      from_tier: BeneficiaryTier;
      to_tier: BeneficiaryTier;
      changed_at: Date;
    }[]
  > {
    return manager.query(
      `SELECT assessment_id, from_tier, to_tier, changed_at FROM household_tier_changes
        WHERE beneficiary_id = $1 ORDER BY changed_at, assessment_id`,
      [beneficiaryId],
    );
  }

  async openRisks(manager: EntityManager, beneficiaryId: string): Promise<RiskRow[]> {
    return manager.query<RiskRow[]>(
      `SELECT ${RISK_COLUMNS} FROM relapse_follow_ups r JOIN beneficiaries b ON b.id = r.beneficiary_id
        WHERE r.beneficiary_id = $1 AND r.status = 'open' ORDER BY r.opened_at, r.id`,
      [beneficiaryId],
    );
  }
}
