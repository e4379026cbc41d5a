import { Team } from '../team.entity';

export interface TeamView {
  id: string;
  name: string;
  orgCode: string;
  memberIds: string[];
  siteIds: string[];
  createdBy: string;
  createdAt: string;
}

export function toTeamView(team: Team): TeamView {
  return {
    id: team.id,
    name: team.name,
    orgCode: team.orgCode,
    memberIds: team.memberIds,
    siteIds: team.siteIds,
    createdBy: team.createdBy,
    createdAt: team.createdAt.toISOString(),
  };
}
