import { AuthUser, ScopeService } from '@aidflow/auth';
import { decodeCursor, encodeCursor, Page, pageOf, pageSize } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListTeamsQuery } from './dto/list-teams.query';
import { TeamView, toTeamView } from './dto/team.view';
import { Team } from './team.entity';

/** A team with its sites as this service knows them: what a field device prepares from. */
export interface MyTeamView extends TeamView {
  sites: { id: string; incidentId: string; name: string }[];
}

/** GET /api/teams/mine: the teams the caller is a member of (a person is in a few teams). */
@Injectable()
export class MyTeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async list(user: AuthUser): Promise<MyTeamView[]> {
    const teams = await this.dataSource.manager
      .createQueryBuilder(Team, 't')
      .where(':sub = ANY(t.member_ids)', { sub: user.sub })
      .orderBy('t.name', 'ASC')
      .getMany();
    return this.withSites(teams);
  }

  /** GET /api/teams: the teams of the caller's subtree, of one incident's sites when asked. */
  async inScope(user: AuthUser, query: ListTeamsQuery): Promise<Page<MyTeamView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const builder = this.dataSource.manager
      .createQueryBuilder(Team, 't')
      .where('t.org_code = ANY(:codes)', { codes: await this.scope.subtreeCodes(user) });
    if (query.incidentId !== undefined)
      builder.andWhere(
        'EXISTS (SELECT 1 FROM site_replica s WHERE s.id = ANY(t.site_ids) AND s.incident_id = :incidentId)',
        { incidentId: query.incidentId },
      );
    if (after)
      builder.andWhere('(t.created_at, t.id) > (:at, :id)', { at: after.at, id: after.id });
    const teams = await builder
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const page = pageOf(
      teams,
      limit,
      (team) => team,
      (team) => encodeCursor({ at: team.createdAt, id: team.id }),
    );
    return { items: await this.withSites(page.items), nextCursor: page.nextCursor };
  }

  private async withSites(teams: Team[]): Promise<MyTeamView[]> {
    const siteIds = [...new Set(teams.flatMap((t) => t.siteIds))];
    const sites = await this.dataSource.query<{ id: string; incident_id: string; name: string }[]>(
      `SELECT id, incident_id, name FROM site_replica WHERE id = ANY ($1::uuid[]) ORDER BY name`,
      [siteIds],
    );
    return teams.map((team) => ({
      ...toTeamView(team),
      sites: sites
        .filter((s) => team.siteIds.includes(s.id))
        .map((s) => ({ id: s.id, incidentId: s.incident_id, name: s.name })),
    }));
  }
}
