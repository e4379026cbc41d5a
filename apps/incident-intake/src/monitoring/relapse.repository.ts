import { BeneficiaryTier, HouseholdShock, RelapseRuleCode } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HouseholdFacts } from './rules/evaluate-rules';
import { ConfiguredRule } from './rules/rule-params';

/** The household a rule fires for, as far as the event about it may tell. */
export interface HouseholdRef {
  beneficiaryId: string;
  incidentId: string;
  siteId: string | null;
  orgCode: string;
  idNumberMasked: string;
}

export interface OpenedFollowUp {
  id: string;
  openedAt: Date;
}

/** SQL of relapse monitoring: facts per household, the rules, and the one-open-per-rule insert. */
@Injectable()
export class RelapseRepository {
  async rules(manager: EntityManager): Promise<ConfiguredRule[]> {
    const rows = await manager.query<{ code: RelapseRuleCode; enabled: boolean; params: object }[]>(
      `SELECT code, enabled, params FROM monitoring_rules ORDER BY code`,
    );
    return rows.map((r) => ({ code: r.code, enabled: r.enabled, params: r.params }));
  }

  /** Locks the household's beneficiary row, so evaluations of one household run one at a time. */
  async lockHousehold(
    manager: EntityManager,
    beneficiaryId: string,
  ): Promise<(HouseholdRef & { tier: BeneficiaryTier; registeredAt: Date }) | undefined> {
    const [row] = await manager.query<
      {
        id: string;
        incident_id: string;
        site_id: string | null;
        org_code: string;
        id_number_masked: string;
        tier: BeneficiaryTier;
        created_at: Date;
      }[]
    >(
      `SELECT id, incident_id, site_id, org_code, id_number_masked, tier, created_at
         FROM beneficiaries WHERE id = $1 FOR UPDATE`,
      [beneficiaryId],
    );
    if (!row) return undefined;
    return {
      beneficiaryId: row.id,
      incidentId: row.incident_id,
      siteId: row.site_id,
      orgCode: row.org_code,
      idNumberMasked: row.id_number_masked,
      tier: row.tier,
      registeredAt: row.created_at,
    };
  }

  async facts(
    manager: EntityManager,
    household: { beneficiaryId: string; tier: BeneficiaryTier; registeredAt: Date },
  ): Promise<HouseholdFacts> {
    const id = household.beneficiaryId;
    const assessments = await manager.query<
      {
        assessed_at: Date;
        monthly_income_fen: string | null;
        household_size: number;
        shocks: HouseholdShock[];
        essential_spending_fen: string | null;
      }[]
    >(
      `SELECT assessed_at, monthly_income_fen, household_size, shocks, essential_spending_fen
         FROM household_assessments WHERE beneficiary_id = $1
        ORDER BY assessed_at DESC, recorded_at DESC LIMIT 20`,
      [id],
    );
    const [visit] = await manager.query<{ last_visited_at: Date }[]>(
      `SELECT last_visited_at FROM household_last_visits WHERE beneficiary_id = $1`,
      [id],
    );
    const [left] = await manager.query<{ changed_at: Date }[]>(
      `SELECT changed_at FROM household_tier_changes
        WHERE beneficiary_id = $1 AND to_tier = 'none' AND from_tier <> 'none'
        ORDER BY changed_at DESC LIMIT 1`,
      [id],
    );
    const opened = await manager.query<{ rule_code: RelapseRuleCode; opened_at: Date }[]>(
      `SELECT rule_code, max(opened_at) AS opened_at FROM relapse_follow_ups
        WHERE beneficiary_id = $1 GROUP BY rule_code`,
      [id],
    );
    return {
      tier: household.tier,
      registeredAt: household.registeredAt,
      assessments: assessments.map((a) => ({
        assessedAt: a.assessed_at,
        monthlyIncomeFen: a.monthly_income_fen === null ? null : BigInt(a.monthly_income_fen),
        householdSize: a.household_size,
        shocks: a.shocks,
        essentialSpendingFen:
          a.essential_spending_fen === null ? null : BigInt(a.essential_spending_fen),
      })),
      lastVisitedAt: visit?.last_visited_at ?? null,
      leftSupportAt: left?.changed_at ?? null,
      lastOpenedAt: Object.fromEntries(opened.map((o) => [o.rule_code, o.opened_at])),
    };
  }

  /**
   * Opens the rule's follow-up unless one is open: the unique partial index decides, so two
   * replicas evaluating at once end with one row (the second insert waits, then does nothing).
   */
  async openFollowUp(
    manager: EntityManager,
    id: string,
    household: HouseholdRef,
    code: RelapseRuleCode,
    reason: string,
    now: Date,
  ): Promise<OpenedFollowUp | undefined> {
    const [row] = await manager.query<{ id: string; opened_at: Date }[]>(
      `INSERT INTO relapse_follow_ups (id, beneficiary_id, org_code, rule_code, reason, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (beneficiary_id, rule_code) WHERE status = 'open' DO NOTHING
       RETURNING id, opened_at`,
      [id, household.beneficiaryId, household.orgCode, code, reason, now],
    );
    return row ? { id: row.id, openedAt: row.opened_at } : undefined;
  }

  async recordVisit(manager: EntityManager, beneficiaryId: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO household_last_visits (beneficiary_id, last_visited_at) VALUES ($1, $2)
       ON CONFLICT (beneficiary_id) DO UPDATE
         SET last_visited_at = GREATEST(household_last_visits.last_visited_at, EXCLUDED.last_visited_at)`,
      [beneficiaryId, at],
    );
  }

  /** A page of household ids for the scheduled sweep (keyset on id). */
  async householdIdsAfter(
    manager: EntityManager,
    after: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM beneficiaries WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }
}
