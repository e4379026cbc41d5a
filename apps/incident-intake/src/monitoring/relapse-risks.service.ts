import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  conflict,
  decodeCursor,
  encodeCursor,
  notFound,
  Page,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CloseRiskDto } from './dto/close-risk.dto';
import { ListRisksQuery } from './dto/list-risks.query';
import { RISK_COLUMNS, RiskRow, RiskView, toRiskView } from './dto/risk.view';

/** Lists and closes relapse_risk follow-ups; closing lets the rule open a new one later. */
@Injectable()
export class RelapseRisksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, query: ListRisksQuery): Promise<Page<RiskView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows = await this.dataSource.query<RiskRow[]>(
      `SELECT ${RISK_COLUMNS} FROM relapse_follow_ups r JOIN beneficiaries b ON b.id = r.beneficiary_id
        WHERE r.org_code = ANY($1)
          AND ($2::text IS NULL OR r.status = $2)
          AND ($3::uuid IS NULL OR b.incident_id = $3)
          AND ($4::uuid IS NULL OR b.site_id = $4)
          AND ($5::text IS NULL OR r.rule_code = $5)
          AND ($6::timestamptz IS NULL OR (r.opened_at, r.id) > ($6, $7::uuid))
        ORDER BY r.opened_at, r.id LIMIT $8`,
      [
        await this.scope.subtreeCodes(user),
        query.status ?? null,
        query.incidentId ?? null,
        query.siteId ?? null,
        query.ruleCode ?? null,
        after?.at ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    return pageOf(rows, limit, toRiskView, (r) => encodeCursor({ at: r.opened_at, id: r.id }));
  }

  async close(
    user: AuthUser,
    beneficiaryId: string,
    id: string,
    dto: CloseRiskDto,
  ): Promise<RiskView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<RiskRow[]>(
        `SELECT ${RISK_COLUMNS} FROM relapse_follow_ups r JOIN beneficiaries b ON b.id = r.beneficiary_id
          WHERE r.id = $1 AND r.beneficiary_id = $2 FOR UPDATE OF r`,
        [id, beneficiaryId],
      );
      await this.scope.assertReadable(user, row?.org_code, `relapse follow-up ${id}`, manager);
      await this.scope.assertCanWrite(user, row.org_code, manager);
      if (row.status !== 'open') throw conflict(`relapse follow-up ${id} is already closed`);
      const [closed] = await manager.query<RiskRow[]>(
        `WITH u AS (
           UPDATE relapse_follow_ups SET status = 'closed', closed_at = now(), closed_by = $2, outcome = $3
            WHERE id = $1 RETURNING *)
         SELECT ${RISK_COLUMNS} FROM u r JOIN beneficiaries b ON b.id = r.beneficiary_id`,
        [id, user.sub, dto.outcome],
      );
      if (!closed) throw notFound(`relapse follow-up ${id}`);
      await this.audit.record(manager, {
        action: 'relapse_risk.close',
        targetType: 'relapse_follow_up',
        targetId: id,
        orgCode: closed.org_code,
        summary: { beneficiaryId, ruleCode: closed.rule_code },
      });
      return toRiskView(closed);
    });
  }
}
