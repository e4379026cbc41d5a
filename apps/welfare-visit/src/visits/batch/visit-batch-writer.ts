// The fast lane of an offline batch: visits without cash, validated all first against context
// loaded once, then written set-based in one unit of work (one insert per table, one outbox and
// one audit statement). Whatever it cannot settle this way — cash lines (the cash-once index may
// refuse one visit), resends, an id sent twice, a concurrent insert, or any failure of the
// transaction — it leaves to the per-visit path, so one bad visit still never blocks the others.
import { AuthUser } from '@aidflow/auth';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { FollowUpsService } from '../../follow-ups/follow-ups.service';
import { Team } from '../../teams/team.entity';
import { TeamsService } from '../../teams/teams.service';
import { NormalizedVisit } from '../visit-content';
import { VisitRejection } from '../visit-rejection';
import {
  insertVisitLines,
  insertVisits,
  VisitRecord,
  visitAuditEntry,
  visitLoggedData,
} from '../visit-rows';
import { checkVisitRules, loadRuleContext } from '../visit-rules';
import { teamAccessRejection } from '../visit-team-access';
import { SubmitOutcome } from './batch-item-result';

export interface BatchCandidate {
  index: number;
  path: string;
  visit: NormalizedVisit;
  hash: string;
}

const logger = new Logger('VisitBatchWriter');

@Injectable()
export class VisitBatchWriter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teams: TeamsService,
    private readonly followUps: FollowUpsService,
  ) {}

  /** Outcomes of the candidates it settled, by index; the others go through the per-visit path. */
  async write(
    user: AuthUser,
    candidates: readonly BatchCandidate[],
  ): Promise<Map<number, SubmitOutcome>> {
    const counts = new Map<string, number>();
    for (const c of candidates) counts.set(c.visit.id, (counts.get(c.visit.id) ?? 0) + 1);
    const eligible = candidates.filter(
      (c) => counts.get(c.visit.id) === 1 && c.visit.beneficiaries.every((b) => !b.cash),
    );
    if (eligible.length === 0) return new Map();
    try {
      return await this.uow.run({}, (tx) => this.store(tx, user, eligible));
    } catch (error) {
      // Nothing of the set was committed: each visit is retried alone, isolating a bad one.
      logger.warn(`set-based batch write fell back to per-visit writes: ${(error as Error).name}`);
      return new Map();
    }
  }

  private async store(
    tx: WriteTransaction,
    user: AuthUser,
    candidates: readonly BatchCandidate[],
  ): Promise<Map<number, SubmitOutcome>> {
    const manager = tx.manager;
    const outcomes = new Map<number, SubmitOutcome>();
    const teamIds = [...new Set(candidates.map((c) => c.visit.teamId))];
    const teams = new Map(
      (await manager.find(Team, { where: { id: In(teamIds) } })).map((t) => [t.id, t]),
    );
    const refused = new Map<string, boolean>();
    const existing = new Set(
      (
        await manager.query<{ id: string }[]>(`SELECT id FROM visits WHERE id = ANY($1::uuid[])`, [
          candidates.map((c) => c.visit.id),
        ])
      ).map((r) => r.id),
    );
    const fresh: BatchCandidate[] = [];
    for (const c of candidates) {
      const at = (field: string) => `${c.path}.${field}`;
      const team = teams.get(c.visit.teamId);
      if (!refused.has(c.visit.teamId)) {
        const refusal = await teamAccessRejection(
          this.teams,
          manager,
          user,
          c.visit.teamId,
          team,
          at,
        );
        refused.set(c.visit.teamId, refusal !== undefined);
      }
      if (refused.get(c.visit.teamId)) {
        // Asked again for this item: the refusal's details name the item's own path.
        const refusal = await teamAccessRejection(
          this.teams,
          manager,
          user,
          c.visit.teamId,
          team,
          at,
        );
        if (refusal)
          outcomes.set(c.index, { status: 'rejected', id: c.visit.id, rejection: refusal });
        continue;
      }
      if (!existing.has(c.visit.id)) fresh.push(c);
    }

    const context = await loadRuleContext(
      tx,
      fresh.map((c) => c.visit),
    );
    const now = Date.now();
    const records: { c: BatchCandidate; record: VisitRecord }[] = [];
    for (const c of fresh) {
      const team = teams.get(c.visit.teamId);
      if (!team) continue;
      try {
        const checked = checkVisitRules(
          context,
          team,
          c.visit,
          (field) => `${c.path}.${field}`,
          now,
        );
        records.push({
          c,
          record: {
            visit: c.visit,
            hash: c.hash,
            teamId: team.id,
            orgCode: team.orgCode,
            incidentId: checked.incidentId,
            status: 'accepted',
            loggedBy: user.sub,
          },
        });
      } catch (error) {
        if (!(error instanceof VisitRejection)) throw error;
        outcomes.set(c.index, { status: 'rejected', id: c.visit.id, rejection: error });
      }
    }

    const inserted = await insertVisits(
      manager,
      records.map((r) => r.record),
    );
    const stored = records.filter((r) => inserted.has(r.record.visit.id));
    await insertVisitLines(
      manager,
      stored.map((r) => r.record.visit),
    );
    if (stored.length === 0) tx.unchanged('every visit of the set was refused or already stored');
    const followUpIds = await this.followUps.openFromVisits(
      tx,
      stored.map(({ record }) => ({
        ...visitLoggedData(record),
        visitedAt: new Date(record.visit.visitedAt),
      })),
      user.sub,
    );
    for (const { c, record } of stored) {
      tx.publish('visit.logged', record.visit.id, visitLoggedData(record));
      tx.record(visitAuditEntry(record, [], followUpIds.get(record.visit.id) ?? []));
      outcomes.set(c.index, { status: 'accepted', id: c.visit.id, visitStatus: 'accepted' });
    }
    return outcomes;
  }
}
