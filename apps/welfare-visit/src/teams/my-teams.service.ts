import { AuthUser } from '@aidflow/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TeamView, toTeamView } from './dto/team.view';
import { Team } from './team.entity';

/** A team with its sites as this service knows them: what a field device prepares from. */
export interface MyTeamView extends TeamView {
  sites: { id: string; incidentId: string; name: string }[];
}

/** GET /api/teams/mine: the teams the caller is a member of (a person is in a few teams). */
@Injectable()
export class MyTeamsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: AuthUser): Promise<MyTeamView[]> {
    const teams = await this.dataSource.manager
      .createQueryBuilder(Team, 't')
      .where(':sub = ANY(t.member_ids)', { sub: user.sub })
      .orderBy('t.name', 'ASC')
      .getMany();
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
