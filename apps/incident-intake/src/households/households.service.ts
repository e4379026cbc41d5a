import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { OutboxService } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { toRiskView } from '../monitoring/dto/risk.view';
import { RelapseEvaluator } from '../monitoring/relapse-evaluator.service';
import { PiiCipher } from '../pii/pii-cipher';
import {
  AssessmentRow,
  AssessmentView,
  HouseholdView,
  toAssessmentView,
} from './dto/household.view';
import { RecordAssessmentDto } from './dto/record-assessment.dto';
import { HouseholdsRepository } from './households.repository';

/**
 * The household file (分层建档): dated assessments of a beneficiary's household. The latest one
 * (by assessedAt) sets the household's tier and size; an older one recorded late is history only.
 * The assessment, its events, its audit row and the rules it sets off commit together.
 */
@Injectable()
export class HouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: HouseholdsRepository,
    private readonly scope: ScopeService,
    private readonly pii: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly evaluator: RelapseEvaluator,
  ) {}

  async assess(
    user: AuthUser,
    beneficiaryId: string,
    dto: RecordAssessmentDto,
  ): Promise<AssessmentView> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders assessments and rule runs of one household.
      const household = await this.repository.find(manager, beneficiaryId, true);
      await this.scope.assertReadable(
        user,
        household?.org_code,
        `household ${beneficiaryId}`,
        manager,
      );
      await this.scope.assertCanWrite(user, household!.org_code, manager);
      const h = household!;

      const previous = await this.repository.latest(manager, beneficiaryId);
      const assessedAt = new Date(dto.assessedAt);
      const isLatest = !previous || assessedAt >= previous.assessed_at;
      const tier = dto.tier ?? (isLatest ? h.tier : previous.tier);
      const note = dto.note !== undefined ? this.pii.seal('note', dto.note) : undefined;
      const id = randomUUID();
      const row = await this.repository.insert(manager, {
        id,
        beneficiaryId,
        orgCode: h.org_code,
        assessedAt: dto.assessedAt,
        monthlyIncomeFen: dto.monthlyIncomeFen ?? null,
        householdSize: dto.householdSize,
        shocks: dto.shocks ?? [],
        essentialSpendingFen: dto.essentialSpendingFen ?? null,
        tier,
        noteCipher: note?.cipher ?? null,
        noteKeyId: note?.keyId ?? null,
        recordedBy: user.sub,
      });

      const where = {
        idNumberMasked: h.id_number_masked,
        incidentId: h.incident_id,
        ...(h.site_id !== null ? { siteId: h.site_id } : {}),
        orgCode: h.org_code,
      };
      await this.outbox.publish(manager, 'household.assessed', beneficiaryId, {
        assessmentId: id,
        beneficiaryId,
        ...where,
        assessedAt: row.assessed_at.toISOString(),
        ...(dto.monthlyIncomeFen !== undefined ? { monthlyIncomeFen: dto.monthlyIncomeFen } : {}),
        householdSize: dto.householdSize,
        shocks: row.shocks,
        ...(dto.essentialSpendingFen !== undefined
          ? { essentialSpendingFen: dto.essentialSpendingFen }
          : {}),
        tier,
      });
      if (isLatest) {
        await this.repository.applyToBeneficiary(manager, beneficiaryId, tier, dto.householdSize);
        if (tier !== h.tier) {
          await this.repository.insertTierChange(
            manager,
            id,
            beneficiaryId,
            h.tier,
            tier,
            assessedAt,
          );
          await this.outbox.publish(manager, 'household.tier_changed', beneficiaryId, {
            beneficiaryId,
            ...where,
            assessmentId: id,
            from: h.tier,
            to: tier,
            changedAt: row.assessed_at.toISOString(),
          });
        }
      }
      await this.audit.record(manager, {
        action: 'household.assess',
        targetType: 'household',
        targetId: beneficiaryId,
        orgCode: h.org_code,
        summary: {
          assessmentId: id,
          assessedAt: dto.assessedAt,
          householdSize: dto.householdSize,
          shocks: row.shocks,
          tier,
          ...(isLatest && tier !== h.tier ? { tierFrom: h.tier } : {}),
        },
      });
      await this.evaluator.evaluate(manager, beneficiaryId);
      return toAssessmentView(row, dto.note);
    });
  }

  async get(user: AuthUser, beneficiaryId: string): Promise<HouseholdView> {
    const manager = this.dataSource.manager;
    const h = await this.repository.find(manager, beneficiaryId);
    await this.scope.assertReadable(user, h?.org_code, `household ${beneficiaryId}`);
    const household = h!;
    const [latest, count, changes, risks] = await Promise.all([
      this.repository.latest(manager, beneficiaryId),
      this.repository.count(manager, beneficiaryId),
      this.repository.tierChanges(manager, beneficiaryId),
      this.repository.openRisks(manager, beneficiaryId),
    ]);
    const registrationTier = changes[0]?.from_tier ?? household.tier;
    return {
      beneficiaryId,
      incidentId: household.incident_id,
      ...(household.site_id !== null ? { siteId: household.site_id } : {}),
      orgCode: household.org_code,
      idNumberMasked: household.id_number_masked,
      tier: household.tier,
      householdSize: household.household_size,
      latestAssessment: latest ? toAssessmentView(latest, this.noteOf(latest)) : null,
      assessmentCount: count,
      tierHistory: [
        { from: null, to: registrationTier, at: household.created_at.toISOString() },
        ...changes.map((c) => ({
          from: c.from_tier,
          to: c.to_tier,
          at: c.changed_at.toISOString(),
          assessmentId: c.assessment_id,
        })),
      ],
      openRisks: risks.map(toRiskView),
    };
  }

  private noteOf(row: AssessmentRow): string | undefined {
    if (row.note_cipher === null || row.note_key_id === null) return undefined;
    return this.pii.open('note', { cipher: row.note_cipher, keyId: row.note_key_id });
  }
}
