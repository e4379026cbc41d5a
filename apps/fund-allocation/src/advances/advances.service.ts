import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  conflict,
  decodeCursor,
  encodeCursor,
  forbidden,
  notFound,
  Page,
  pageOf,
  pageSize,
  unprocessable,
} from '@aidflow/platform';
import { SERVICE_CONFIG, UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import { FundsConfig } from '../config/funds.config';
import { FundRow } from '../ledger/ledger.service';
import { AdvanceRepository, TeamRow } from './advance.repository';
import { ListAdvancesQuery, RejectAdvanceDto, RequestAdvanceDto } from './dto/advance.dto';
import { ADVANCE_COLUMNS, AdvanceRow, AdvanceView, toAdvanceView } from './dto/advance.view';

/**
 * Cash advances (备用金): a team takes reserved money of a fund into its custody. No ledger
 * movement: the money stays reserved on the fund until the team hands it over (delivery) and the
 * advance only says who holds it. Maker-checker as for disbursements.
 */
@Injectable()
export class AdvancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly repo: AdvanceRepository,
    private readonly scope: ScopeService,
    @Inject(SERVICE_CONFIG) private readonly config: FundsConfig,
  ) {}

  async request(
    user: AuthUser,
    dto: RequestAdvanceDto,
    key: string | undefined,
  ): Promise<AdvanceView> {
    return this.uow.run({ idempotency: { key, request: dto } }, (tx) =>
      this.requestLocked(tx, user, dto),
    );
  }

  private async requestLocked(
    tx: WriteTransaction,
    user: AuthUser,
    dto: RequestAdvanceDto,
  ): Promise<AdvanceView> {
    const manager = tx.manager;
    const fund = (await tx.lock<FundRow>('fund', [dto.fundId])).get(dto.fundId);
    if (!fund || !(await this.scope.isWithin(user, fund.owner_org_code, manager))) {
      throw unprocessable(`fund ${dto.fundId} does not exist`, [
        { field: 'fundId', problem: 'no fund with this id exists in your scope' },
      ]);
    }
    const team = await this.repo.team(manager, dto.teamId);
    if (!team) {
      throw unprocessable(`team ${dto.teamId} is not known`, [
        { field: 'teamId', problem: 'no registered team has this id' },
      ]);
    }
    await this.assertAdvanceable(manager, fund.id, team, dto.amountFen, null);
    const id = randomUUID();
    const requiredApprovals = dto.amountFen > this.config.APPROVAL_DUAL_THRESHOLD_FEN ? 2 : 1;
    const row = await this.repo.insert(manager, {
      id,
      fundId: fund.id,
      teamId: team.id,
      amountFen: fenParam(dto.amountFen),
      orgCode: fund.owner_org_code,
      incidentId: fund.incident_id,
      note: dto.note ?? null,
      requestedBy: user.sub,
      requiredApprovals,
    });
    await this.repo.recordHistory(manager, id, 'requested');
    tx.publish('advance.requested', id, {
      advanceId: id,
      fundId: fund.id,
      teamId: team.id,
      amountFen: dto.amountFen,
      requestedBy: user.sub,
      orgCode: row.org_code,
      ...(row.incident_id !== null ? { incidentId: row.incident_id } : {}),
    });
    tx.record({
      action: 'advance.request',
      targetType: 'advance',
      targetId: id,
      orgCode: row.org_code,
      summary: dto,
    });
    return toAdvanceView(row);
  }

  /** One approval; the last one needed issues the cash (checked again: payments may have moved). */
  async approve(user: AuthUser, id: string): Promise<AdvanceView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const a = await this.lockForDecision(tx, user, id);
      if (a.requested_by === user.sub) {
        throw forbidden('the requester can never approve their own request');
      }
      if (a.approved_by.includes(user.sub)) {
        throw forbidden(
          'you approved this advance already: a second, different approver is needed',
        );
      }
      const approvedBy = [...a.approved_by, user.sub];
      const final = approvedBy.length >= a.required_approvals;
      const common = {
        advanceId: id,
        fundId: a.fund_id,
        approvedBy,
        orgCode: a.org_code,
        ...(a.incident_id !== null ? { incidentId: a.incident_id } : {}),
      };
      let row: AdvanceRow;
      if (final) {
        const team = await this.repo.team(manager, a.team_id);
        if (team) await this.assertAdvanceable(manager, a.fund_id, team, fen(a.amount_fen), id);
        row = await this.repo.update(
          manager,
          id,
          `status = 'issued', approved_by = $2::text[], issued_at = now()`,
          [approvedBy],
        );
        await this.repo.recordHistory(manager, id, 'issued');
        tx.publish('advance.issued', id, {
          ...common,
          teamId: a.team_id,
          amountFen: fen(a.amount_fen),
        });
      } else {
        row = await this.repo.update(
          manager,
          id,
          `status = 'partially_approved', approved_by = $2::text[]`,
          [approvedBy],
        );
        await this.repo.recordHistory(manager, id, 'partially_approved');
        tx.publish('advance.partially_approved', id, common);
      }
      tx.record({
        action: final ? 'advance.approve' : 'advance.partially_approve',
        targetType: 'advance',
        targetId: id,
        orgCode: a.org_code,
        summary: { fundId: a.fund_id, amountFen: fen(a.amount_fen), approvedBy },
      });
      return toAdvanceView(row);
    });
  }

  async reject(user: AuthUser, id: string, dto: RejectAdvanceDto): Promise<AdvanceView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const a = await this.lockForDecision(tx, user, id);
      // Nothing was handed over yet, so the whole amount is simply no longer in anyone's custody.
      const row = await this.repo.update(
        manager,
        id,
        `status = 'rejected', decision_reason = $2, outstanding_fen = 0, returned_fen = amount_fen`,
        [dto.reason],
      );
      await this.repo.recordHistory(manager, id, 'rejected', dto.reason);
      tx.publish('advance.rejected', id, {
        advanceId: id,
        fundId: a.fund_id,
        reason: dto.reason,
        rejectedBy: user.sub,
        orgCode: a.org_code,
        ...(a.incident_id !== null ? { incidentId: a.incident_id } : {}),
      });
      tx.record({
        action: 'advance.reject',
        targetType: 'advance',
        targetId: id,
        orgCode: a.org_code,
        summary: { fundId: a.fund_id, reason: dto.reason },
      });
      return toAdvanceView(row);
    });
  }

  async get(user: AuthUser, id: string): Promise<AdvanceView> {
    const manager = this.dataSource.manager;
    const row = await this.repo.find(manager, id);
    await this.scope.assertReadable(user, row?.org_code, `advance ${id}`, manager);
    if (!row) throw notFound(`advance ${id}`);
    return {
      ...toAdvanceView(row),
      history: await this.repo.history(manager, id),
      draws: await this.repo.draws(manager, id),
    };
  }

  async list(user: AuthUser, query: ListAdvancesQuery): Promise<Page<AdvanceView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    const where = ['org_code = ANY($1::text[])'];
    if (query.status !== undefined) where.push(`status = $${params.push(query.status)}`);
    if (query.teamId !== undefined) where.push(`team_id = $${params.push(query.teamId)}`);
    if (query.fundId !== undefined) where.push(`fund_id = $${params.push(query.fundId)}`);
    if (after) {
      where.push(`(created_at, id) > ($${params.push(after.at)}, $${params.push(after.id)})`);
    }
    const rows = await this.dataSource.query<AdvanceRow[]>(
      `SELECT ${ADVANCE_COLUMNS} FROM advances WHERE ${where.join(' AND ')}
        ORDER BY created_at, id LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return pageOf(rows, limit, toAdvanceView, (row) =>
      encodeCursor({ at: row.created_at, id: row.id }),
    );
  }

  /** 422 unless the team may carry `amountFen` more of the fund's reserved money. */
  private async assertAdvanceable(
    manager: EntityManager,
    fundId: string,
    team: TeamRow,
    amountFen: number,
    excluding: string | null,
  ): Promise<void> {
    const c = await this.repo.advanceable(manager, fundId, team, excluding);
    const room = Math.min(c.atSitesFen - c.teamOpenFen, c.reservedFen - c.fundOpenFen);
    if (amountFen > room) {
      throw unprocessable(
        `the team may carry at most ${Math.max(room, 0)} fen of fund ${fundId}, ${amountFen} fen were asked for`,
        [
          {
            field: 'amountFen',
            problem: `exceeds the approved, undelivered and not yet advanced amount for the team's sites (${Math.max(room, 0)} fen)`,
          },
        ],
      );
    }
  }

  /** The advance row-locked (fund first, as every movement locks), visible and still undecided. */
  private async lockForDecision(
    tx: WriteTransaction,
    user: AuthUser,
    id: string,
  ): Promise<AdvanceRow> {
    const manager = tx.manager;
    const peek = await this.repo.find(manager, id);
    await this.scope.assertReadable(user, peek?.org_code, `advance ${id}`, manager);
    if (!peek) throw notFound(`advance ${id}`);
    await tx.lock('fund', [peek.fund_id]);
    const row = (await tx.lock<AdvanceRow>('advance', [id])).get(id);
    if (!row) throw notFound(`advance ${id}`);
    if (row.status !== 'requested' && row.status !== 'partially_approved') {
      throw conflict(`advance ${id} is already ${row.status}`);
    }
    return row;
  }
}
