import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { OutboxService } from '@aidflow/messaging';
import { ErrorDetail, geoPoint, notFound } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  fenFromPg,
  PG_TRANSIENT_STATES,
  PG_UNIQUE_VIOLATION,
  sqlState,
  violatedConstraint,
} from '@aidflow/database';
import { lockDisbursements } from '../common/db';
import { ReplicatedDisbursementStatus } from '../disbursements/disbursement-replica.entity';
import {
  decodeCursor,
  encodeCursor,
  Page,
  PageQueryDto,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { Team } from '../teams/team.entity';
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
import { NormalizedVisit, parseVisit, visitContentHash } from './visit-content';
import { VisitConflict } from './visit-conflict.entity';
import { CashVerification, Visit, VisitRecordStatus } from './visit.entity';
import { HandedOverCash, VisitRejection } from './visit-rejection';
import { settleBatchItem, SubmitOutcome } from './batch/batch-item-result';
import { CashConflictsService } from '../conflicts/cash-conflicts.service';

/** A device clock may run ahead of ours by this much; further ahead is a wrong clock or a typo. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
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

interface DisbursementRow {
  id: string;
  beneficiary_id: string | null;
  amount_fen: string;
  status: ReplicatedDisbursementStatus;
}

/** One cash handover of a visit, as checked against the disbursement replica. */
type CashLine = {
  position: number;
  beneficiaryId: string;
  disbursementId: string;
  amountFen: number;
  verification: CashVerification;
};

@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly followUps: FollowUpsService,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly cashConflicts: CashConflictsService,
  ) {}

  /** POST /api/visits: `created` is false for a duplicate resend (same id, same content). */
  async logOne(user: AuthUser, raw: unknown): Promise<{ created: boolean; visit: VisitView }> {
    const outcome = await this.submit(user, raw, '');
    if (outcome.status === 'rejected') throw outcome.rejection.toHttpException();
    return { created: outcome.status === 'accepted', visit: await this.view(outcome.id) };
  }

  /**
   * POST /api/visits/batch: each visit on its own, in order, through the same path as a single one;
   * every item gets its own result, whatever goes wrong in another.
   */
  async logBatch(user: AuthUser, batch: VisitBatchDto): Promise<VisitBatchResult> {
    const results: VisitSyncResult[] = [];
    for (const [i, raw] of batch.visits.entries()) {
      const path = `visits.${i}`;
      results.push(await settleBatchItem(raw, path, () => this.submit(user, raw, path)));
    }
    return { results };
  }

  /**
   * Validates and stores one visit in its own transaction, so a refused visit leaves nothing behind
   * and never touches another. Field paths in details are prefixed with `path`.
   */
  private async submit(user: AuthUser, raw: unknown, path: string): Promise<SubmitOutcome> {
    const parsed = await parseVisit(raw, path);
    if (!parsed.ok) {
      return {
        status: 'rejected',
        id: parsed.id ?? null,
        rejection: new VisitRejection('invalid', 'the visit is malformed', parsed.details),
      };
    }
    const visit = parsed.visit;
    const hash = visitContentHash(visit);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) =>
          this.store(manager, user, visit, hash, path),
        );
      } catch (error) {
        if (error instanceof VisitRejection)
          return {
            status: 'rejected',
            id: visit.id,
            rejection: await this.keepCashConflicts(user, visit, hash, error),
          };
        // Deadlock or serialization failure: nothing was written; running it again is safe.
        if (attempt < MAX_TRANSIENT_ATTEMPTS && PG_TRANSIENT_STATES.has(sqlState(error) ?? ''))
          continue;
        throw error;
      }
    }
  }

  private async store(
    manager: EntityManager,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    path: string,
  ): Promise<StoreOutcome> {
    const at = (field: string) => [path, field].filter(Boolean).join('.');
    const team = await this.teams.find(manager, visit.teamId);
    if (!team || !(await this.teams.canRead(user, team, manager))) {
      throw new VisitRejection('unprocessable', `team ${visit.teamId} does not exist`, [
        { field: at('teamId'), problem: 'no team with this id exists' },
      ]);
    }
    if (!(await this.teams.canActFor(manager, user, team, ['admin']))) {
      throw new VisitRejection('forbidden', `you are not a member of team ${team.id}`, [
        { field: at('teamId'), problem: 'you are not a member of this team' },
      ]);
    }

    const existing = await this.existing(manager, visit.id);
    if (existing) return this.resend(manager, user, visit, hash, existing, at);

    const checked = await this.checkRules(manager, team, visit, at);
    const visitStatus: VisitRecordStatus = checked.cash.some((c) => c.verification === 'pending')
      ? 'pending_verification'
      : 'accepted';

    // The primary key settles two devices (or retries) sending the same id at the same time.
    const [inserted] = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO visits (id, team_id, site_id, incident_id, org_code, visited_at, lat, lon, notes, status,
                           content_hash, logged_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO NOTHING RETURNING created_at`,
      [
        visit.id,
        team.id,
        visit.siteId,
        checked.incidentId,
        team.orgCode,
        visit.visitedAt,
        visit.location?.lat ?? null,
        visit.location?.lon ?? null,
        visit.notes ?? null,
        visitStatus,
        hash,
        user.sub,
      ],
    );
    if (!inserted) {
      const winner = await this.existing(manager, visit.id);
      if (!winner) throw new Error(`visit ${visit.id} neither inserted nor found`);
      return this.resend(manager, user, visit, hash, winner, at);
    }
    await this.insertLines(manager, visit, checked.cash, at);

    const followUpIds = await this.followUps.openFromVisit(
      manager,
      {
        visitId: visit.id,
        teamId: team.id,
        siteId: visit.siteId,
        incidentId: checked.incidentId,
        orgCode: team.orgCode,
        visitedAt: new Date(visit.visitedAt),
        beneficiaries: visit.beneficiaries,
      },
      user.sub,
    );
    // Notes stay here: free text may hold personal data, and events are replicated widely.
    await this.outbox.publish(manager, 'visit.logged', visit.id, {
      visitId: visit.id,
      teamId: team.id,
      siteId: visit.siteId,
      incidentId: checked.incidentId,
      orgCode: team.orgCode,
      visitedAt: visit.visitedAt,
      status: visitStatus,
      ...(visit.location ? { location: visit.location } : {}),
      beneficiaries: visit.beneficiaries,
    });
    await this.audit.record(manager, {
      action: 'visit.log',
      targetType: 'visit',
      targetId: visit.id,
      orgCode: team.orgCode,
      summary: {
        teamId: team.id,
        siteId: visit.siteId,
        incidentId: checked.incidentId,
        visitedAt: visit.visitedAt,
        status: visitStatus,
        beneficiaries: visit.beneficiaries.length,
        cash: checked.cash.map((c) => ({
          disbursementId: c.disbursementId,
          amountFen: c.amountFen,
          verification: c.verification,
        })),
        followUpIds,
      },
    });
    return { status: 'accepted', id: visit.id, visitStatus };
  }

  /** Every rule a new visit must pass; all problems at once, or the incident and cash lines to store. */
  private async checkRules(
    manager: EntityManager,
    team: Team,
    visit: NormalizedVisit,
    at: (field: string) => string,
  ): Promise<{
    incidentId: string;
    cash: CashLine[];
  }> {
    const details: ErrorDetail[] = [];
    const site = team.siteIds.includes(visit.siteId)
      ? await this.teams.siteOf(manager, visit.siteId)
      : null;
    if (!site) details.push({ field: at('siteId'), problem: "is not one of the team's sites" });
    const [incident] = site
      ? await manager.query<{ occurred_at: Date }[]>(
          `SELECT occurred_at FROM incident_replica WHERE id = $1`,
          [site.incidentId],
        )
      : [];
    if (site && !incident) {
      details.push({
        field: at('siteId'),
        problem: 'belongs to an incident this service has not heard of yet; resend later',
      });
    }

    const visitedAt = new Date(visit.visitedAt).getTime();
    if (visitedAt > Date.now() + MAX_CLOCK_SKEW_MS) {
      details.push({ field: at('visitedAt'), problem: 'is more than 10 minutes in the future' });
    }
    if (incident && visitedAt < incident.occurred_at.getTime()) {
      details.push({
        field: at('visitedAt'),
        problem: `is before the incident occurred (${incident.occurred_at.toISOString()})`,
      });
    }

    const beneficiaryIds = visit.beneficiaries.map((b) => b.beneficiaryId);
    const known = new Map(
      (
        await manager.query<{ id: string; incident_id: string }[]>(
          `SELECT id, incident_id FROM beneficiary_replica WHERE id = ANY($1::uuid[])`,
          [beneficiaryIds],
        )
      ).map((row) => [row.id, row.incident_id]),
    );
    const seenBeneficiaries = new Set<string>();
    const seenDisbursements = new Set<string>();
    for (const [i, b] of visit.beneficiaries.entries()) {
      const field = at(`beneficiaries.${i}.beneficiaryId`);
      const incidentId = known.get(b.beneficiaryId);
      if (seenBeneficiaries.has(b.beneficiaryId)) {
        details.push({ field, problem: 'is listed more than once in this visit' });
      } else if (incidentId === undefined) {
        details.push({ field, problem: 'is not a registered beneficiary' });
      } else if (site && incidentId !== site.incidentId) {
        details.push({ field, problem: "does not belong to the site's incident" });
      }
      seenBeneficiaries.add(b.beneficiaryId);
      if (b.cash) {
        if (seenDisbursements.has(b.cash.disbursementId)) {
          details.push({
            field: at(`beneficiaries.${i}.cash.disbursementId`),
            problem: 'is handed over more than once in this visit',
          });
        }
        seenDisbursements.add(b.cash.disbursementId);
      }
    }

    // Before reading the replica: an approval event arriving meanwhile waits for this visit.
    await lockDisbursements(manager, [...seenDisbursements]);
    const disbursements = new Map(
      (
        await manager.query<DisbursementRow[]>(
          `SELECT id, beneficiary_id, amount_fen, status FROM disbursement_replica WHERE id = ANY($1::uuid[])`,
          [[...seenDisbursements]],
        )
      ).map((row) => [row.id, row]),
    );
    const cash: CashLine[] = [];
    const handedOver: HandedOverCash[] = [];
    for (const [i, b] of visit.beneficiaries.entries()) {
      if (!b.cash) continue;
      const row = disbursements.get(b.cash.disbursementId);
      const line = { position: i, beneficiaryId: b.beneficiaryId, ...b.cash };
      // Not seen yet: the back office may be behind the field; verified when its events arrive.
      if (!row) {
        cash.push({ ...line, verification: 'pending' });
        continue;
      }
      const idField = at(`beneficiaries.${i}.cash.disbursementId`);
      if (row.status === 'delivered') handedOver.push({ disbursementId: row.id, field: idField });
      if (row.status !== 'approved') {
        details.push({
          field: idField,
          problem:
            row.status === 'delivered'
              ? 'has already been handed over'
              : `is ${row.status}, not approved`,
        });
      } else if (row.beneficiary_id !== b.beneficiaryId) {
        details.push({ field: idField, problem: 'is not a disbursement of this beneficiary' });
      } else if (fenFromPg(row.amount_fen) !== b.cash.amountFen) {
        details.push({
          field: at(`beneficiaries.${i}.cash.amountFen`),
          problem: `must equal the approved amount of ${row.amount_fen} fen`,
        });
      }
      cash.push({ ...line, verification: 'verified' });
    }
    if (details.length > 0) {
      throw new VisitRejection(
        'unprocessable',
        'the visit breaks visit rules',
        details,
        handedOver,
      );
    }
    if (!site) throw new Error('unreachable: a visit without a site passed the rules');
    return { incidentId: site.incidentId, cash };
  }

  private async insertLines(
    manager: EntityManager,
    visit: NormalizedVisit,
    cash: CashLine[],
    at: (field: string) => string,
  ): Promise<void> {
    const b = visit.beneficiaries;
    await manager.query(
      `INSERT INTO visit_beneficiaries (visit_id, position, beneficiary_id, needs, receipt_sha256)
       SELECT $1, v.position, v.beneficiary_id,
              COALESCE((SELECT array_agg(n) FROM jsonb_array_elements_text(v.needs) AS n), '{}'), v.receipt
         FROM unnest($2::int[], $3::uuid[], $4::jsonb[], $5::text[]) AS v(position, beneficiary_id, needs, receipt)`,
      [
        visit.id,
        b.map((_, i) => i),
        b.map((x) => x.beneficiaryId),
        b.map((x) => JSON.stringify(x.needs ?? [])),
        b.map((x) => x.receiptSha256 ?? null),
      ],
    );
    const goods = b.flatMap((x) =>
      (x.goods ?? []).map((g, position) => ({ beneficiaryId: x.beneficiaryId, position, ...g })),
    );
    if (goods.length > 0) {
      await manager.query(
        `INSERT INTO visit_goods_lines (visit_id, beneficiary_id, position, item_code, quantity)
         SELECT $1, g.beneficiary_id, g.position, g.item_code, g.quantity
           FROM unnest($2::uuid[], $3::int[], $4::text[], $5::int[]) AS g(beneficiary_id, position, item_code, quantity)`,
        [
          visit.id,
          goods.map((g) => g.beneficiaryId),
          goods.map((g) => g.position),
          goods.map((g) => g.itemCode),
          goods.map((g) => g.quantity),
        ],
      );
    }
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
    manager: EntityManager,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    existing: ExistingVisit,
    at: (field: string) => string,
  ): Promise<StoreOutcome> {
    if (existing.content_hash === hash) {
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
      await this.audit.record(manager, {
        action: 'visit.conflict',
        targetType: 'visit',
        targetId: visit.id,
        orgCode: existing.org_code,
        summary: { conflictId: kept.id, contentHash: hash },
      });
    } else {
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
