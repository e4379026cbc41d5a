// The reads of visits: one visit, the caller's list, and the resends kept for review.
import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  decodeCursor,
  encodeCursor,
  notFound,
  Page,
  PageQueryDto,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListVisitsQuery } from '../dto/list-visits.query';
import { VisitConflictView, VisitView } from '../dto/visit.view';
import { toVisitViews } from '../view/visit-view.builder';
import { VisitConflict } from '../visit-conflict.entity';
import { VisitRepository } from '../visit.repository';
import { Visit } from '../visit.entity';

@Injectable()
export class VisitQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitRepository,
    private readonly scope: ScopeService,
  ) {}

  async get(user: AuthUser, id: string): Promise<VisitView> {
    const [visit] = await this.readable(user).andWhere('v.id = :id', { id }).getMany();
    if (!visit) throw notFound(`visit ${id}`);
    const [view] = await this.toViews([visit]);
    if (!view) throw notFound(`visit ${id}`);
    return view;
  }

  /** The stored visit, whoever asks (the caller's own write was checked already). */
  async view(id: string): Promise<VisitView> {
    const visit = await this.dataSource.manager.findOne(Visit, { where: { id } });
    if (!visit) throw notFound(`visit ${id}`);
    const [view] = await this.toViews([visit]);
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
    const views = new Map((await this.toViews(rows.slice(0, limit))).map((v) => [v.id, v]));
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

  private readable(user: AuthUser) {
    return this.dataSource.manager.createQueryBuilder(Visit, 'v').where(
      `(v.org_code IN (SELECT o.code FROM org_replica o WHERE o.path @> ARRAY[:orgCode]::text[])
          OR v.team_id IN (SELECT t.id FROM teams t WHERE :sub = ANY(t.member_ids)))`,
      { orgCode: user.orgCode, sub: user.sub },
    );
  }

  private async toViews(visits: Visit[]): Promise<VisitView[]> {
    if (visits.length === 0) return [];
    const lines = await this.visits.lines(
      this.dataSource.manager,
      visits.map((v) => v.id),
    );
    return toVisitViews(visits, lines);
  }
}
