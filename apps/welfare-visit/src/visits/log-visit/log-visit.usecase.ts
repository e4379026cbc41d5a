// POST /api/visits, and each batch item the set-based writer leaves: one visit, one write.
import { AuthUser } from '@aidflow/auth';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { FollowUpsService } from '../../follow-ups/follow-ups.service';
import { TeamsService } from '../../teams/teams.service';
import { SubmitOutcome } from '../batch/batch-item-result';
import { VisitView } from '../dto/visit.view';
import { VisitQueries } from '../reads/visit.queries';
import { ResendVisit } from '../resend/resend-visit';
import { writtenVisitView } from '../view/written-visit-view';
import { NormalizedVisit, ParsedVisit, parseVisit, visitContentHash } from '../visit-content';
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
import { VisitRepository } from '../visit.repository';
import { KeepCashConflicts } from './keep-cash-conflicts';

const MAX_TRANSIENT_ATTEMPTS = 3;

@Injectable()
export class LogVisit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly visits: VisitRepository,
    private readonly teams: TeamsService,
    private readonly followUps: FollowUpsService,
    private readonly resends: ResendVisit,
    private readonly cashConflicts: KeepCashConflicts,
    private readonly queries: VisitQueries,
  ) {}

  /** `created` is false for a duplicate resend (same id, same content). */
  async logOne(user: AuthUser, raw: unknown): Promise<{ created: boolean; visit: VisitView }> {
    const parsed = await parseVisit(raw, '');
    const hash = parsed.ok ? visitContentHash(parsed.visit) : '';
    const outcome = await this.submitParsed(user, parsed, hash, '');
    if (outcome.status === 'rejected') throw outcome.rejection.toHttpException();
    // A new visit's view is built from what was written; a duplicate's is the stored one.
    const visit =
      outcome.status === 'accepted' && outcome.view
        ? outcome.view
        : await this.queries.view(outcome.id);
    return { created: outcome.status === 'accepted', visit };
  }

  /**
   * Validates and stores one visit in its own transaction, so a refused visit leaves nothing behind
   * and never touches another. Field paths in details are prefixed with `path`.
   */
  async submitParsed(
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
        rejection: await this.cashConflicts.keep(user, visit, hash, error),
      };
    }
  }

  private async store(
    tx: WriteTransaction,
    user: AuthUser,
    visit: NormalizedVisit,
    hash: string,
    path: string,
  ): Promise<SubmitOutcome> {
    const manager = tx.manager;
    const at = (field: string) => [path, field].filter(Boolean).join('.');
    const team = await this.teams.find(manager, visit.teamId);
    const refusal = await teamAccessRejection(this.teams, manager, user, visit.teamId, team, at);
    if (refusal) throw refusal;
    if (!team) throw new Error('unreachable: a missing team is refused above');

    const existing = await this.visits.existing(manager, visit.id);
    if (existing) return this.resends.resend(tx, user, visit, hash, existing, at);

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
    const createdAt = (await insertVisits(manager, [record])).get(visit.id);
    if (!createdAt) {
      const winner = await this.visits.existing(manager, visit.id);
      if (!winner) throw new Error(`visit ${visit.id} neither inserted nor found`);
      return this.resends.resend(tx, user, visit, hash, winner, at);
    }
    await insertVisitLines(manager, [visit]);
    const taken = await this.visits.insertCashLines(manager, visit.id, checked.cash);
    if (taken) throw handedOver(taken, at);
    const followUpIds = await this.followUps.openFromVisit(
      tx,
      { ...visitLoggedData(record), visitedAt: new Date(visit.visitedAt) },
      user.sub,
    );
    tx.publish('visit.logged', visit.id, visitLoggedData(record));
    tx.record(visitAuditEntry(record, checked.cash, followUpIds));
    return {
      status: 'accepted',
      id: visit.id,
      visitStatus: record.status,
      view: writtenVisitView(record, checked.cash, createdAt),
    };
  }
}

function handedOver(
  line: { position: number; disbursementId: string },
  at: (field: string) => string,
): VisitRejection {
  const field = at(`beneficiaries.${line.position}.cash.disbursementId`);
  return new VisitRejection(
    'unprocessable',
    `disbursement ${line.disbursementId} was already handed over`,
    [{ field, problem: 'has already been handed over in another visit' }],
    [{ disbursementId: line.disbursementId, field }],
  );
}
