// Who may log a visit for a team: the same refusal for one visit and for each item of a batch.
import { AuthUser } from '@aidflow/auth';
import { EntityManager } from 'typeorm';
import { Team } from '../teams/team.entity';
import { TeamsService } from '../teams/teams.service';
import { VisitRejection } from './visit-rejection';

/** Unknown or unreadable team → 422 (as if absent); readable but not the caller's → 403. */
export async function teamAccessRejection(
  teams: TeamsService,
  manager: EntityManager,
  user: AuthUser,
  teamId: string,
  team: Team | null | undefined,
  at: (field: string) => string,
): Promise<VisitRejection | undefined> {
  if (!team || !(await teams.canRead(user, team, manager))) {
    return new VisitRejection('unprocessable', `team ${teamId} does not exist`, [
      { field: at('teamId'), problem: 'no team with this id exists' },
    ]);
  }
  if (!(await teams.canActFor(manager, user, team, ['admin']))) {
    return new VisitRejection('forbidden', `you are not a member of team ${team.id}`, [
      { field: at('teamId'), problem: 'you are not a member of this team' },
    ]);
  }
  return undefined;
}
