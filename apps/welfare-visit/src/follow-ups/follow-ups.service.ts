import { AuthUser, ScopeService } from '@aidflow/auth';
import { NeedKind } from '@aidflow/contracts';
import { updateReturning } from '@aidflow/database';
import {
  conflict,
  forbidden,
  notFound,
  unprocessable,
  decodeCursor,
  encodeCursor,
  Page,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TeamsService } from '../teams/teams.service';
import { AssignFollowUpDto } from './dto/assign-follow-up.dto';
import { CloseFollowUpDto } from './dto/close-follow-up.dto';
import { FollowUpView, toFollowUpView } from './dto/follow-up.view';
import { ListFollowUpsQuery } from './dto/list-follow-ups.query';
import { OpenFollowUpDto } from './dto/open-follow-up.dto';
import { followUpDueAt } from './due-date';
import { FollowUp } from './follow-up.entity';

/** The visit whose needs open follow-ups, as the visit service has just stored it. */
export interface VisitNeeds {
  visitId: string;
  teamId: string;
  siteId: string;
  incidentId: string;
  orgCode: string;
  visitedAt: Date;
  beneficiaries: { beneficiaryId: string; needs?: NeedKind[] }[];
}

@Injectable()
export class FollowUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly teams: TeamsService,
    private readonly scope: ScopeService,
  ) {}

  /** One follow-up per need of each visited beneficiary, in the visit's transaction; returns their ids. */
  async openFromVisit(
    tx: WriteTransaction,
    visit: VisitNeeds,
    openedBy: string,
  ): Promise<string[]> {
    return (await this.openFromVisits(tx, [visit], openedBy)).get(visit.visitId) ?? [];
  }

  /** The same for many visits with one insert (events queued on the visits' write); ids by visit id. */
  async openFromVisits(
    tx: WriteTransaction,
    visits: readonly VisitNeeds[],
    openedBy: string,
  ): Promise<Map<string, string[]>> {
    const rows = visits.flatMap((visit) =>
      visit.beneficiaries.flatMap((b) =>
        (b.needs ?? []).map((kind) => ({
          id: randomUUID(),
          visit,
          beneficiaryId: b.beneficiaryId,
          kind,
          dueAt: followUpDueAt(kind, visit.visitedAt),
        })),
      ),
    );
    const ids = new Map<string, string[]>();
    if (rows.length === 0) return ids;
    await tx.manager.query(
      `INSERT INTO follow_ups (id, visit_id, team_id, beneficiary_id, site_id, incident_id, org_code, kind,
                               due_at, status, opened_by)
       SELECT f.id, f.visit_id, f.team_id, f.beneficiary_id, f.site_id, f.incident_id, f.org_code, f.kind,
              f.due_at, 'open', $1
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[],
                     $9::text[], $10::timestamptz[])
              AS f(id, visit_id, team_id, beneficiary_id, site_id, incident_id, org_code, kind, due_at)`,
      [
        openedBy,
        rows.map((r) => r.id),
        rows.map((r) => r.visit.visitId),
        rows.map((r) => r.visit.teamId),
        rows.map((r) => r.beneficiaryId),
        rows.map((r) => r.visit.siteId),
        rows.map((r) => r.visit.incidentId),
        rows.map((r) => r.visit.orgCode),
        rows.map((r) => r.kind),
        rows.map((r) => r.dueAt.toISOString()),
      ],
    );
    for (const row of rows) {
      tx.publish('followup.opened', row.id, {
        followUpId: row.id,
        visitId: row.visit.visitId,
        beneficiaryId: row.beneficiaryId,
        siteId: row.visit.siteId,
        incidentId: row.visit.incidentId,
        kind: row.kind,
        dueAt: row.dueAt.toISOString(),
        orgCode: row.visit.orgCode,
      });
      ids.set(row.visit.visitId, [...(ids.get(row.visit.visitId) ?? []), row.id]);
    }
    return ids;
  }

  /** Opens a follow-up directly for a team (a need reported outside a visit). */
  async open(user: AuthUser, dto: OpenFollowUpDto): Promise<FollowUpView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const teamId = dto.teamId.toLowerCase();
      const siteId = dto.siteId.toLowerCase();
      const beneficiaryId = dto.beneficiaryId.toLowerCase();
      const team = await this.teams.find(manager, teamId);
      if (!team || !(await this.teams.canRead(user, team, manager))) {
        throw unprocessable(`team ${teamId} does not exist`, [
          { field: 'teamId', problem: 'no team with this id exists' },
        ]);
      }
      if (!(await this.teams.canActFor(manager, user, team, ['ops', 'admin']))) {
        throw forbidden(
          `only members of team ${team.id} (or ops and admins over its org) may open its follow-ups`,
        );
      }
      const site = team.siteIds.includes(siteId) ? await this.teams.siteOf(manager, siteId) : null;
      if (!site) {
        throw unprocessable(`site ${siteId} is not one of the team's sites`, [
          { field: 'siteId', problem: "is not one of the team's sites" },
        ]);
      }
      const [beneficiary] = await manager.query<{ incident_id: string }[]>(
        `SELECT incident_id FROM beneficiary_replica WHERE id = $1`,
        [beneficiaryId],
      );
      if (!beneficiary || beneficiary.incident_id !== site.incidentId) {
        throw unprocessable(
          `beneficiary ${beneficiaryId} is not registered for this site's incident`,
          [
            {
              field: 'beneficiaryId',
              problem: "is not a registered beneficiary of the site's incident",
            },
          ],
        );
      }
      const id = randomUUID();
      const dueAt =
        dto.dueAt !== undefined ? new Date(dto.dueAt) : followUpDueAt(dto.kind, new Date());
      const [row] = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO follow_ups (id, team_id, beneficiary_id, site_id, incident_id, org_code, kind, due_at,
                                 status, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) RETURNING created_at`,
        [
          id,
          team.id,
          beneficiaryId,
          site.id,
          site.incidentId,
          team.orgCode,
          dto.kind,
          dueAt,
          user.sub,
        ],
      );
      if (!row) throw new Error('follow-up insert returned no row');
      const followUp: FollowUp = {
        id,
        visitId: null,
        teamId: team.id,
        beneficiaryId,
        siteId: site.id,
        incidentId: site.incidentId,
        orgCode: team.orgCode,
        kind: dto.kind,
        dueAt,
        status: 'open',
        assigneeId: null,
        outcome: null,
        openedBy: user.sub,
        createdAt: row.created_at,
        assignedAt: null,
        closedBy: null,
        closedAt: null,
      };
      tx.publish('followup.opened', id, {
        followUpId: id,
        beneficiaryId,
        siteId: site.id,
        incidentId: site.incidentId,
        kind: dto.kind,
        dueAt: dueAt.toISOString(),
        orgCode: team.orgCode,
      });
      const view = toFollowUpView(followUp);
      tx.record({
        action: 'followup.open',
        targetType: 'follow_up',
        targetId: id,
        orgCode: team.orgCode,
        summary: view,
      });
      return view;
    });
  }

  async assign(user: AuthUser, id: string, dto: AssignFollowUpDto): Promise<FollowUpView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const followUp = await this.lockForChange(manager, user, id);
      if (followUp.status === 'closed') {
        throw conflict(`follow-up ${id} is closed`, [{ field: 'status', problem: 'is closed' }]);
      }
      const [row] = await updateReturning<{ assigned_at: Date }>(
        manager,
        `UPDATE follow_ups SET assignee_id = $2, assigned_at = now() WHERE id = $1 RETURNING assigned_at`,
        [id, dto.assigneeId],
      );
      const updated: FollowUp = {
        ...followUp,
        assigneeId: dto.assigneeId,
        assignedAt: row?.assigned_at ?? new Date(),
      };
      tx.publish('followup.assigned', id, {
        followUpId: id,
        assigneeId: dto.assigneeId,
        orgCode: updated.orgCode,
        incidentId: updated.incidentId,
      });
      tx.record({
        action: 'followup.assign',
        targetType: 'follow_up',
        targetId: id,
        orgCode: updated.orgCode,
        summary: { assigneeId: dto.assigneeId, previousAssigneeId: followUp.assigneeId },
      });
      return toFollowUpView(updated);
    });
  }

  async close(user: AuthUser, id: string, dto: CloseFollowUpDto): Promise<FollowUpView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const followUp = await this.lockForChange(manager, user, id);
      if (followUp.status === 'closed') {
        throw conflict(`follow-up ${id} is already closed`, [
          { field: 'status', problem: 'is already closed' },
        ]);
      }
      const [row] = await updateReturning<{ closed_at: Date }>(
        manager,
        `UPDATE follow_ups SET status = 'closed', outcome = $2, closed_by = $3, closed_at = now()
          WHERE id = $1 RETURNING closed_at`,
        [id, dto.outcome, user.sub],
      );
      const updated: FollowUp = {
        ...followUp,
        status: 'closed',
        outcome: dto.outcome,
        closedBy: user.sub,
        closedAt: row?.closed_at ?? new Date(),
      };
      tx.publish('followup.closed', id, {
        followUpId: id,
        outcome: dto.outcome,
        orgCode: updated.orgCode,
        incidentId: updated.incidentId,
      });
      tx.record({
        action: 'followup.close',
        targetType: 'follow_up',
        targetId: id,
        orgCode: updated.orgCode,
        summary: { outcome: dto.outcome },
      });
      return toFollowUpView(updated);
    });
  }

  async get(user: AuthUser, id: string): Promise<FollowUpView> {
    const followUp = await this.dataSource.manager.findOne(FollowUp, { where: { id } });
    if (!followUp || !(await this.canRead(this.dataSource.manager, user, followUp))) {
      throw notFound(`follow-up ${id}`);
    }
    return toFollowUpView(followUp);
  }

  /** Follow-ups of the caller's scope and teams, soonest due first. */
  async list(user: AuthUser, query: ListFollowUpsQuery): Promise<Page<FollowUpView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const codes = await this.scope.subtreeCodes(user);
    const builder = this.dataSource.manager
      .createQueryBuilder(FollowUp, 'f')
      .where(
        `(f.org_code = ANY(CAST(:codes AS text[])) OR f.team_id IN (SELECT t.id FROM teams t WHERE :sub = ANY(t.member_ids)))`,
        { codes, sub: user.sub },
      )
      .orderBy('f.dueAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(limit + 1);
    if (query.status !== undefined)
      builder.andWhere('f.status = :status', { status: query.status });
    if (query.kind !== undefined) builder.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.siteId !== undefined)
      builder.andWhere('f.site_id = :siteId', { siteId: query.siteId });
    if (query.teamId !== undefined)
      builder.andWhere('f.team_id = :teamId', { teamId: query.teamId });
    if (query.overdue === 'true') builder.andWhere(`f.status = 'open' AND f.due_at < now()`);
    if (query.overdue === 'false') builder.andWhere(`NOT (f.status = 'open' AND f.due_at < now())`);
    if (after) {
      builder.andWhere('(f.due_at, f.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    const now = new Date();
    return pageOf(
      await builder.getMany(),
      limit,
      (row) => toFollowUpView(row, now),
      (row) => encodeCursor({ at: row.dueAt, id: row.id }),
    );
  }

  /** Locks the follow-up; 404 when unknown or unreadable, 403 when readable but not the caller's to change. */
  private async lockForChange(
    manager: EntityManager,
    user: AuthUser,
    id: string,
  ): Promise<FollowUp> {
    const followUp = await manager.findOne(FollowUp, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!followUp || !(await this.canRead(manager, user, followUp)))
      throw notFound(`follow-up ${id}`);
    const team = await this.teams.find(manager, followUp.teamId);
    if (!team || !(await this.teams.canActFor(manager, user, team, ['ops', 'admin']))) {
      throw forbidden(
        `only members of team ${followUp.teamId} (or ops and admins over its org) may change its follow-ups`,
      );
    }
    return followUp;
  }

  private async canRead(
    manager: EntityManager,
    user: AuthUser,
    followUp: FollowUp,
  ): Promise<boolean> {
    if (await this.scope.isWithin(user, followUp.orgCode, manager)) return true;
    const team = await this.teams.find(manager, followUp.teamId);
    return team !== null && team.memberIds.includes(user.sub);
  }
}
