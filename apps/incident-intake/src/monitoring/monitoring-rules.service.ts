import { AuditService } from '@aidflow/audit';
import { AuthUser } from '@aidflow/auth';
import { RELAPSE_RULE_CODES, RelapseRuleCode } from '@aidflow/contracts';
import { badRequest, forbidden, notFound, validationErrorsToDetails } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { RuleView } from './dto/rule.view';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { RULE_PARAM_CLASSES } from './rules/rule-params';

interface RuleRow {
  code: RelapseRuleCode;
  enabled: boolean;
  params: object;
  updated_by: string | null;
  updated_at: Date;
}

const toView = (r: RuleRow): RuleView => ({
  code: r.code,
  enabled: r.enabled,
  params: r.params,
  ...(r.updated_by !== null ? { updatedBy: r.updated_by } : {}),
  updatedAt: r.updated_at.toISOString(),
});

/** The relapse rules are one set for the whole federation: only an admin of a root org changes them. */
@Injectable()
export class MonitoringRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RuleView[]> {
    const rows = await this.dataSource.query<RuleRow[]>(
      `SELECT code, enabled, params, updated_by, updated_at FROM monitoring_rules ORDER BY code`,
    );
    return rows.map(toView);
  }

  async update(user: AuthUser, code: string, dto: UpdateRuleDto): Promise<RuleView> {
    if (!(RELAPSE_RULE_CODES as readonly string[]).includes(code)) throw notFound(`rule ${code}`);
    const ruleCode = code as RelapseRuleCode;
    const params = plainToInstance(RULE_PARAM_CLASSES[ruleCode], dto.params);
    const errors = validateSync(params, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw badRequest(validationErrorsToDetails(errors, 'params'));
    return this.dataSource.transaction(async (manager) => {
      const root = await manager.query<unknown[]>(
        `SELECT 1 FROM org_replica WHERE code = $1 AND cardinality(path) = 1`,
        [user.orgCode],
      );
      if (root.length === 0)
        throw forbidden(
          'the relapse rules apply to the whole federation: only a root org admin changes them',
        );
      // A CTE answers rows as a SELECT does (a bare UPDATE … RETURNING comes back with a count).
      const [row] = await manager.query<RuleRow[]>(
        `WITH u AS (
           UPDATE monitoring_rules SET enabled = $2, params = $3::jsonb, updated_by = $4, updated_at = now()
            WHERE code = $1 RETURNING code, enabled, params, updated_by, updated_at)
         SELECT * FROM u`,
        [ruleCode, dto.enabled, JSON.stringify({ ...params }), user.sub],
      );
      await this.audit.record(manager, {
        action: 'monitoring_rule.update',
        targetType: 'monitoring_rule',
        targetId: ruleCode,
        orgCode: user.orgCode,
        summary: { enabled: dto.enabled, params: { ...params } },
      });
      return toView(row);
    });
  }
}
