import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  geoPoint,
  notFound,
  decodeCursor,
  encodeCursor,
  Page,
  PageQueryDto,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fenFromPg, PG_UNIQUE_VIOLATION, sqlState, violatedConstraint } from '@aidflow/database';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { TeamsService } from '../teams/teams.service';
import { ListVisitsQuery } from './dto/list-visits.query';
import { VisitBatchDto } from './dto/visit-batch.dto';
import {
  VisitBatchResult,
  VisitConflictView,
  VisitedBeneficiaryView,
  VisitSyncResult,
  VisitView,
} from './dto/visit.view';
import { NormalizedVisit, ParsedVisit, parseVisit, visitContentHash } from './visit-content';
import { VisitBatchWriter } from './batch/visit-batch-writer';
import { CashLine, checkVisitRules, loadRuleContext } from './visit-rules';
import { teamAccessRejection } from './visit-team-access';
import {
  insertVisitLines,
  insertVisits,
  VisitRecord,
  visitAuditEntry,
  visitLoggedData,
} from './visit-rows';
import { VisitConflict } from './visit-conflict.entity';
import { CashVerification, Visit, VisitRecordStatus } from './visit.entity';
import { VisitRejection } from './visit-rejection';
import { settleBatchItem, SubmitOutcome } from './batch/batch-item-result';
import { CashConflictsService } from '../conflicts/cash-conflicts.service';

const MAX_TRANSIENT_ATTEMPTS = 3;
const CASH_ONCE_INDEX = 'visit_cash_lines_disbursement_once';

type StoreOutcome =
  | { status: 'accepted' | 'duplicate'; id: string; visitStatus: VisitRecordStatus }
  | { status: 'rejected'; id: string; rejection: VisitRejection };

interface ExistingVisit {
  content_hash: string;
  status: VisitRecordStatus;
  org_code: string;
}

@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly followUps: FollowUpsService,
    private readonly scope: ScopeService,
    private readonly uow: UnitOfWork,
    private readonly cashConflicts: CashConflictsService,
    private readonly batchWriter: VisitBatchWriter,
  ) {}

  /** POST /api/visits: `created` is false for a duplicate resend (same id, same content). */
  async logOne(user: AuthUser, raw: unknown): Promise<{ created: boolean; visit: VisitView }> {
    const outcome = await this.submit(user, raw, '');
    if (outcome.status === 'rejected') throw outcome.rejection.toHttpException();
    return { created: outcome.status === 'accepted', visit: await this.view(outcome.id) };
  }

  /**
   * POST /api/visits/batch: every item gets its own result, whatever goes wrong in another. All
   * are validated first; visits without cash are written set-based, the rest one by one, in order.
   */
  async logBatch(user: AuthUser, batch: VisitBatchDto): Promise<VisitBatchResult> {
    const parsed = await Promise.all(
      batch.visits.map(async (raw, index) => {
        const path = `visits.${index}`;
        // An item whose validation itself crashes is answered alone below, like a failed write.
        const p = await parseVisit(raw, path).catch((error: unknown) => error as Error);
        const hash = !(p instanceof Error) && p.ok ? visitContentHash(p.visit) : '';
        return { raw, index, path, parsed: p, hash };
      }),
    );
    const fast = await this.batchWriter.write(
      user,
      parsed.flatMap((item) =>
        !(item.parsed instanceof Error) && item.parsed.ok
          ? [{ index: item.index, path: item.path, visit: item.parsed.visit, hash: item.hash }]
          : [],
      ),
    );
    const results: VisitSyncResult[] = [];
    for (const item of parsed) {
      const settled = fast.get(item.index);
      results.push(
        await settleBatchItem(item.raw, item.path, async () => {
          if (settled) return settled;
          if (item.parsed instanceof Error) throw item.parsed;
          return this.submitParsed(user, item.parsed, item.hash, item.path);
        }),
      );
    }
    return { results };
  }

  /**
   * Validates and stores one visit in its own transaction, so a refused visit leaves nothing behind
   * and never touches another. Field paths in details are prefixed with `path`.
   */
  private async submit(user: AuthUser, raw: unknown, path: string): Promise<SubmitOutcome> {
    const parsed = await parseVisit(raw, path);
    return this.submitParsed(user, parsed, parsed.ok ? visitContentHash(parsed.visit) : '', path);
  }

  private async submitParsed(
    user: AuthUser,
    parsed: ParsedVisit,
    hash: string,
    path: string,
  ): Promise<SubmitOutcome> {
    if (!parsed.ok) {
      return {
        status: 'rejected',
        id: parsed.id ?? null,
        rejection: new VisitRejection('invalid', 'the visit is malformed', parsed.details),
      };
    }
    const visit = parsed.visit;
    try {
      // Deadlock or serialization failure: nothing was written; running it again is safe.
      return await this.uow.run({ attempts: MAX_TRANSIENT_ATTEMPTS }, (tx) =>
        this.store(tx, user, visit, hash, path),
      );
    } catch (error) {
      if (!(error instanceof VisitRejection)) throw error;
      return {
        status: 'rejected',
        id: visit.id,
        rejection: await this.keepCashConflicts(user, visit, hash, error),
      };
    }
  }

  private async store(
    tx: WriteTransaction,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    path: string,
  ): Promise<StoreOutcome> {
    const manager = tx.manager;
    const at = (field: string) => [path, field].filter(Boolean).join('.');
    const team = await this.teams.find(manager, visit.teamId);
    const refusal = await teamAccessRejection(this.teams, manager, user, visit.teamId, team, at);
    if (refusal) throw refusal;
    if (!team) throw new Error('unreachable: a missing team is refused above');

    const existing = await this.existing(manager, visit.id);
    if (existing) return this.resend(tx, user, visit, hash, existing, at);

    const checked = checkVisitRules(await loadRuleContext(tx, [visit]), team, visit, at);
    const record: VisitRecord = {
      visit,
      hash,
      teamId: team.id,
      orgCode: team.orgCode,
      incidentId: checked.incidentId,
      status: checked.cash.some((c) => c.verification === 'pending')
        ? 'pending_verification'
        : 'accepted',
      loggedBy: user.sub,
    };
    const visitStatus = record.status;
    if (!(await insertVisits(manager, [record])).has(visit.id)) {
      const winner = await this.existing(manager, visit.id);
      if (!winner) throw new Error(`visit ${visit.id} neither inserted nor found`);
      return this.resend(tx, user, visit, hash, winner, at);
    }
    await insertVisitLines(manager, [visit]);
    await this.insertCashLines(manager, visit, checked.cash, at);
    const followUpIds = await this.followUps.openFromVisit(
      tx,
      { ...visitLoggedData(record), visitedAt: new Date(visit.visitedAt) },
      user.sub,
    );
    tx.publish('visit.logged', visit.id, visitLoggedData(record));
    tx.record(visitAuditEntry(record, checked.cash, followUpIds));
    return { status: 'accepted', id: visit.id, visitStatus };
  }

  private async insertCashLines(
    manager: EntityManager,
    visit: NormalizedVisit,
    cash: CashLine[],
    at: (field: string) => string,
  ): Promise<void> {
    for (const line of cash) {
      try {
        await manager.query(
          `INSERT INTO visit_cash_lines (visit_id, beneficiary_id, disbursement_id, amount_fen, verification)
           VALUES ($1, $2, $3, $4, $5)`,
          [visit.id, line.beneficiaryId, line.disbursementId, line.amountFen, line.verification],
        );
      } catch (error) {
        // The unique index, not an earlier read, decides which of two handovers of the same cash wins.
        if (
          sqlState(error) === PG_UNIQUE_VIOLATION &&
          violatedConstraint(error) === CASH_ONCE_INDEX
        ) {
          throw new VisitRejection(
            'unprocessable',
            `disbursement ${line.disbursementId} was already handed over`,
            [
              {
                field: at(`beneficiaries.${line.position}.cash.disbursementId`),
                problem: 'has already been handed over in another visit',
              },
            ],
            [
              {
                disbursementId: line.disbursementId,
                field: at(`beneficiaries.${line.position}.cash.disbursementId`),
              },
            ],
          );
        }
        throw error;
      }
    }
  }

  /**
   * Cash another visit already took (two devices, one family): the refused visit is kept as a
   * conflict of the standing one, for ops to see and resolve; its details name the conflict.
   */
  private async keepCashConflicts(
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    rejection: VisitRejection,
  ): Promise<VisitRejection> {
    if (rejection.handedOver.length === 0) return rejection;
    const kept = await this.cashConflicts.record(
      user,
      visit,
      hash,
      rejection.handedOver.map((h) => h.disbursementId),
    );
    if (kept.size === 0) return rejection;
    const byField = new Map(
      rejection.handedOver.flatMap((h) => {
        const id = kept.get(h.disbursementId);
        return id ? [[h.field, id] as const] : [];
      }),
    );
    const details = rejection.details.map((d) => {
      const id = byField.get(d.field);
      return id
        ? {
            field: d.field,
            problem: `has already been handed over in another visit (kept for review as conflict ${id})`,
          }
        : d;
    });
    // Still 422 (the cash-once rule refuses it), now with the conflict ops will see.
    return new VisitRejection(rejection.kind, rejection.message, details);
  }

  private async existing(manager: EntityManager, id: string): Promise<ExistingVisit | undefined> {
    const [row] = await manager.query<ExistingVisit[]>(
      `SELECT content_hash, status, org_code FROM visits WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Same id again: the same content is a duplicate; different content is kept aside, never applied. */
  private async resend(
    tx: WriteTransaction,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    existing: ExistingVisit,
    at: (field: string) => string,
  ): Promise<StoreOutcome> {
    const manager = tx.manager;
    if (existing.content_hash === hash) {
      tx.unchanged('the same visit again');
      return { status: 'duplicate', id: visit.id, visitStatus: existing.status };
    }
    const [kept] = await manager.query<{ id: string }[]>(
      `INSERT INTO visit_conflicts (id, visit_id, org_code, content_hash, incoming, received_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (visit_id, content_hash) DO NOTHING RETURNING id`,
      [randomUUID(), visit.id, existing.org_code, hash, JSON.stringify(visit), user.sub],
    );
    let conflictId = kept?.id;
    if (kept) {
      tx.withoutEvent('a resend with other content is kept aside for review, not applied');
      tx.record({
        action: 'visit.conflict',
        targetType: 'visit',
        targetId: visit.id,
        orgCode: existing.org_code,
        summary: { conflictId: kept.id, contentHash: hash },
      });
    } else {
      tx.unchanged('this resend was kept for review already');
      const [earlier] = await manager.query<{ id: string }[]>(
        `SELECT id FROM visit_conflicts WHERE visit_id = $1 AND content_hash = $2`,
        [visit.id, hash],
      );
      conflictId = earlier?.id;
    }
    return {
      status: 'rejected',
      id: visit.id,
      rejection: new VisitRejection(
        'conflict',
        `visit ${visit.id} was already logged with different content; this version is kept for review`,
        [
          {
            field: at('id'),
            problem: `was already logged with different content (kept for review as conflict ${conflictId ?? 'unknown'})`,
          },
        ],
      ),
    };
  }

  async get(user: AuthUser, id: string): Promise<VisitView> {
    const [visit] = await this.readable(user).andWhere('v.id = :id', { id }).getMany();
    if (!visit) throw notFound(`visit ${id}`);
    const [view] = await this.toViews(this.dataSource.manager, [visit]);
    if (!view) throw notFound(`visit ${id}`);
    return view;
  }

  /** Visits of the caller's scope and teams, in the order this service received them. */
  async list(user: AuthUser, query: ListVisitsQuery): Promise<Page<VisitView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const builder = this.readable(user)
      .orderBy('v.createdAt', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .limit(limit + 1);
    if (query.siteId !== undefined)
      builder.andWhere('v.site_id = :siteId', { siteId: query.siteId });
    if (query.teamId !== undefined)
      builder.andWhere('v.team_id = :teamId', { teamId: query.teamId });
    if (query.since !== undefined)
      builder.andWhere('v.created_at >= :since', { since: new Date(query.since) });
    if (after) {
      builder.andWhere('(v.created_at, v.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    const rows = await builder.getMany();
    const views = new Map(
      (await this.toViews(this.dataSource.manager, rows.slice(0, limit))).map((v) => [v.id, v]),
    );
    return pageOf(
      rows,
      limit,
      (row) => {
        const view = views.get(row.id);
        if (!view) throw new Error(`visit ${row.id} lost its view`);
        return view;
      },
      (row) => encodeCursor({ at: row.createdAt, id: row.id }),
    );
  }

  /** Conflicting resends kept for review, oldest first. */
  async conflicts(user: AuthUser, query: PageQueryDto): Promise<Page<VisitConflictView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const codes = await this.scope.subtreeCodes(user);
    const builder = this.dataSource.manager
      .createQueryBuilder(VisitConflict, 'c')
      .where('c.org_code = ANY(CAST(:codes AS text[]))', { codes })
      .orderBy('c.receivedAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      builder.andWhere('(c.received_at, c.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    return pageOf(
      await builder.getMany(),
      limit,
      (row) => ({
        id: row.id,
        visitId: row.visitId,
        orgCode: row.orgCode,
        incoming: row.incoming,
        receivedBy: row.receivedBy,
        receivedAt: row.receivedAt.toISOString(),
        kind: row.kind,
        ...(row.incomingVisitId !== null ? { incomingVisitId: row.incomingVisitId } : {}),
        status: row.status,
        ...(row.resolution !== null
          ? {
              resolution: row.resolution,
              resolutionNote: row.resolutionNote ?? '',
              resolvedBy: row.resolvedBy ?? '',
              resolvedAt: row.resolvedAt?.toISOString() ?? '',
            }
          : {}),
        ...(row.replaced !== null ? { replaced: row.replaced } : {}),
      }),
      (row) => encodeCursor({ at: row.receivedAt, id: row.id }),
    );
  }

  private async view(id: string): Promise<VisitView> {
    const visit = await this.dataSource.manager.findOne(Visit, { where: { id } });
    if (!visit) throw notFound(`visit ${id}`);
    const [view] = await this.toViews(this.dataSource.manager, [visit]);
    if (!view) throw notFound(`visit ${id}`);
    return view;
  }

  private readable(user: AuthUser) {
    return this.dataSource.manager.createQueryBuilder(Visit, 'v').where(
      `(v.org_code IN (SELECT o.code FROM org_replica o WHERE o.path @> ARRAY[:orgCode]::text[])
          OR v.team_id IN (SELECT t.id FROM teams t WHERE :sub = ANY(t.member_ids)))`,
      { orgCode: user.orgCode, sub: user.sub },
    );
  }

  /** Visits with their beneficiaries, cash and goods lines, in three queries for the whole page. */
  private async toViews(manager: EntityManager, visits: Visit[]): Promise<VisitView[]> {
    if (visits.length === 0) return [];
    const ids = visits.map((v) => v.id);
    const [beneficiaries, cash, goods] = await Promise.all([
      manager.query<
        {
          visit_id: string;
          beneficiary_id: string;
          needs: string[];
          receipt_sha256: string | null;
        }[]
      >(
        `SELECT visit_id, beneficiary_id, needs, receipt_sha256 FROM visit_beneficiaries
          WHERE visit_id = ANY($1::uuid[]) ORDER BY visit_id, position`,
        [ids],
      ),
      manager.query<
        {
          visit_id: string;
          beneficiary_id: string;
          disbursement_id: string;
          amount_fen: string;
          verification: CashVerification;
          problem: string | null;
        }[]
      >(
        `SELECT visit_id, beneficiary_id, disbursement_id, amount_fen, verification, problem
           FROM visit_cash_lines WHERE visit_id = ANY($1::uuid[])`,
        [ids],
      ),
      manager.query<
        { visit_id: string; beneficiary_id: string; item_code: string; quantity: number }[]
      >(
        `SELECT visit_id, beneficiary_id, item_code, quantity FROM visit_goods_lines
          WHERE visit_id = ANY($1::uuid[]) ORDER BY visit_id, beneficiary_id, position`,
        [ids],
      ),
    ]);
    const key = (visitId: string, beneficiaryId: string) => `${visitId}/${beneficiaryId}`;
    const cashBy = new Map(cash.map((c) => [key(c.visit_id, c.beneficiary_id), c]));
    const goodsBy = new Map<string, { itemCode: string; quantity: number }[]>();
    for (const g of goods) {
      const k = key(g.visit_id, g.beneficiary_id);
      goodsBy.set(k, [...(goodsBy.get(k) ?? []), { itemCode: g.item_code, quantity: g.quantity }]);
    }
    const beneficiariesBy = new Map<string, VisitedBeneficiaryView[]>();
    for (const b of beneficiaries) {
      const k = key(b.visit_id, b.beneficiary_id);
      const c = cashBy.get(k);
      const g = goodsBy.get(k);
      const item: VisitedBeneficiaryView = {
        beneficiaryId: b.beneficiary_id,
        ...(c
          ? {
              cash: {
                disbursementId: c.disbursement_id,
                amountFen: fenFromPg(c.amount_fen),
                verification: c.verification,
                ...(c.problem !== null ? { problem: c.problem } : {}),
              },
            }
          : {}),
        ...(g ? { goods: g } : {}),
        ...(b.needs.length > 0 ? { needs: b.needs as VisitedBeneficiaryView['needs'] } : {}),
        ...(b.receipt_sha256 !== null ? { receiptSha256: b.receipt_sha256 } : {}),
      };
      beneficiariesBy.set(b.visit_id, [...(beneficiariesBy.get(b.visit_id) ?? []), item]);
    }
    return visits.map((v) => {
      const location = geoPoint(v.lat, v.lon);
      return {
        id: v.id,
        teamId: v.teamId,
        siteId: v.siteId,
        incidentId: v.incidentId,
        orgCode: v.orgCode,
        visitedAt: v.visitedAt.toISOString(),
        ...(location ? { location } : {}),
        ...(v.notes !== null ? { notes: v.notes } : {}),
        status: v.status,
        ...(v.flagReason !== null ? { flagReason: v.flagReason } : {}),
        beneficiaries: beneficiariesBy.get(v.id) ?? [],
        loggedBy: v.loggedBy,
        createdAt: v.createdAt.toISOString(),
        ...(v.verifiedAt !== null ? { verifiedAt: v.verifiedAt.toISOString() } : {}),
      };
    });
  }
}
