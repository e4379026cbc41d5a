import { AuthUser, Role, ScopeService } from '@aidflow/auth';
import { conflict, ErrorDetail, notFound, unprocessable } from '@aidflow/platform';
import { UnitOfWork } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { hasRole } from '../common/access';
import { SiteReplica } from '../replicas/sites/site-replica.entity';
import { CreateTeamDto } from './dto/create-team.dto';
import { TeamView, toTeamView } from './dto/team.view';
import { Team } from './team.entity';

@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly scope: ScopeService,
  ) {}

  async register(user: AuthUser, dto: CreateTeamDto): Promise<TeamView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      await this.scope.assertCanWrite(user, dto.orgCode, manager);
      const siteIds = dto.siteIds.map((id) => id.toLowerCase());
      const sites = await manager.query<{ id: string; org_code: string }[]>(
        `SELECT id, org_code FROM site_replica WHERE id = ANY($1::uuid[])`,
        [siteIds],
      );
      const known = new Map(sites.map((s) => [s.id, s.org_code]));
      const details: ErrorDetail[] = [];
      for (const [i, siteId] of siteIds.entries()) {
        const orgCode = known.get(siteId);
        if (orgCode === undefined) {
          details.push({ field: `siteIds.${i}`, problem: 'is not a known site' });
        } else if (!(await this.scope.isWithin(user, orgCode, manager))) {
          // Same answer as an unknown site: a site outside the caller's scope is not revealed.
          details.push({ field: `siteIds.${i}`, problem: 'is not a known site' });
        }
      }
      if (details.length > 0)
        throw unprocessable('the team names sites it cannot be assigned', details);

      const id = randomUUID();
      const [row] = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO teams (id, name, org_code, member_ids, site_ids, created_by)
         VALUES ($1, $2, $3, $4::text[], $5::uuid[], $6)
         ON CONFLICT (org_code, lower(name)) DO NOTHING RETURNING created_at`,
        [id, dto.name, dto.orgCode, dto.memberIds, siteIds, user.sub],
      );
      if (!row) {
        throw conflict(`org ${dto.orgCode} already has a team named "${dto.name}"`, [
          { field: 'name', problem: 'is already used by another team of this org' },
        ]);
      }
      const team: Team = {
        id,
        name: dto.name,
        orgCode: dto.orgCode,
        memberIds: dto.memberIds,
        siteIds,
        createdBy: user.sub,
        createdAt: row.created_at,
      };
      tx.publish('team.registered', id, {
        teamId: id,
        name: team.name,
        orgCode: team.orgCode,
        memberIds: team.memberIds,
        siteIds: team.siteIds,
      });
      const view = toTeamView(team);
      tx.record({
        action: 'team.register',
        targetType: 'team',
        targetId: id,
        orgCode: team.orgCode,
        summary: view,
      });
      return view;
    });
  }

  /** Readable by anyone whose scope covers the team's org, and by its members. */
  async get(user: AuthUser, id: string): Promise<TeamView> {
    const team = await this.dataSource.manager.findOne(Team, { where: { id } });
    if (!team || !(await this.canRead(user, team))) throw notFound(`team ${id}`);
    return toTeamView(team);
  }

  async canRead(user: AuthUser, team: Team, manager?: EntityManager): Promise<boolean> {
    return team.memberIds.includes(user.sub) || this.scope.isWithin(user, team.orgCode, manager);
  }

  /**
   * May the user act for the team (log visits, open follow-ups)? Members may; so may holders of
   * one of `overrideRoles` whose scope covers the team's org.
   */
  async canActFor(
    manager: EntityManager,
    user: AuthUser,
    team: Team,
    overrideRoles: Role[],
  ): Promise<boolean> {
    if (team.memberIds.includes(user.sub)) return true;
    return hasRole(user, ...overrideRoles) && this.scope.isWithin(user, team.orgCode, manager);
  }

  async find(manager: EntityManager, id: string): Promise<Team | null> {
    return manager.findOne(Team, { where: { id } });
  }

  async siteOf(manager: EntityManager, siteId: string): Promise<SiteReplica | null> {
    return manager.findOne(SiteReplica, { where: { id: siteId } });
  }
}
