import { AuditService } from '@aidflow/audit';
import { OutboxService } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RelapseRepository } from './relapse.repository';
import { evaluateRules } from './rules/evaluate-rules';

/**
 * Runs the relapse rules for one household inside the caller's transaction: each firing rule
 * without an open follow-up opens one and publishes household.at_risk with it.
 */
@Injectable()
export class RelapseEvaluator {
  constructor(
    private readonly repository: RelapseRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** The ids of the follow-ups opened now. */
  async evaluate(
    manager: EntityManager,
    beneficiaryId: string,
    now: Date = new Date(),
  ): Promise<string[]> {
    const household = await this.repository.lockHousehold(manager, beneficiaryId);
    if (!household) return [];
    const rules = await this.repository.rules(manager);
    const facts = await this.repository.facts(manager, household);
    const opened: string[] = [];
    for (const firing of evaluateRules(rules, facts, now)) {
      const row = await this.repository.openFollowUp(
        manager,
        randomUUID(),
        household,
        firing.code,
        firing.reason,
        now,
      );
      if (!row) continue;
      opened.push(row.id);
      await this.outbox.publish(manager, 'household.at_risk', household.beneficiaryId, {
        followUpId: row.id,
        beneficiaryId: household.beneficiaryId,
        idNumberMasked: household.idNumberMasked,
        incidentId: household.incidentId,
        ...(household.siteId !== null ? { siteId: household.siteId } : {}),
        orgCode: household.orgCode,
        ruleCode: firing.code,
        reason: firing.reason,
        openedAt: row.openedAt.toISOString(),
      });
      await this.audit.record(manager, {
        action: 'relapse_risk.open',
        targetType: 'relapse_follow_up',
        targetId: row.id,
        orgCode: household.orgCode,
        summary: { beneficiaryId: household.beneficiaryId, ruleCode: firing.code },
      });
    }
    return opened;
  }
}
