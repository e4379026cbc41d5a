import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  badRequest,
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
import { SERVICE_CONFIG, UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import { updateReturning } from '@aidflow/database';
import { FundsConfig } from '../config/funds.config';
import { FUND_COLUMNS, FundRow, insufficient, LedgerService } from '../ledger/ledger.service';
import { DisbursementReleaseService } from '../release/disbursement-release.service';
import { readHistory, recordHistory } from './disbursement-history';
import { BLOCKING_STATUSES } from './disbursement.entity';
import {
  ApproveDisbursementDto,
  CancelDisbursementDto,
  RejectDisbursementDto,
} from './dto/decision.dto';
import {
  DISBURSEMENT_COLUMNS,
  DisbursementRow,
  DisbursementView,
  toDisbursementView,
} from './dto/disbursement.view';
import { ListDisbursementsQuery } from './dto/list-disbursements.query';
import { RequestDisbursementDto } from './dto/request-disbursement.dto';

const BLOCKING_SQL = BLOCKING_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Requests, maker-checker approval, rejection and cancellation. The money is reserved by the
 * approval that makes a request `approved` (the first of two approvals reserves nothing), in the
 * same transaction as the status change, so reject and cancel never find a reservation to release.
 */
/** A disbursement under its row lock and, when asked for, its fund under the fund's row lock. */
interface LockedDisbursement {
  row: DisbursementRow;
  fund?: FundRow;
}

@Injectable()
export class DisbursementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly scope: ScopeService,
    private readonly uow: UnitOfWork,
    private readonly release: DisbursementReleaseService,
    @Inject(SERVICE_CONFIG) private readonly config: FundsConfig,
  ) {}

  async request(
    user: AuthUser,
    dto: RequestDisbursementDto,
    key: string | undefined,
  ): Promise<DisbursementView> {
    if (dto.repeatReason !== undefined && dto.allowRepeat !== true) {
      throw badRequest([
        { field: 'repeatReason', problem: 'is only allowed with allowRepeat: true' },
      ]);
    }
    return this.uow.run({ idempotency: { key, request: dto } }, (tx) =>
      this.requestLocked(tx, user, dto),
    );
  }

  private async requestLocked(
    tx: WriteTransaction,
    user: AuthUser,
    dto: RequestDisbursementDto,
  ): Promise<DisbursementView> {
    const manager = tx.manager;
    const [fund] = await manager.query<FundRow[]>(
      `SELECT ${FUND_COLUMNS} FROM funds WHERE id = $1`,
      [dto.fundId],
    );
    if (!fund || !(await this.scope.isWithin(user, fund.owner_org_code, manager))) {
      throw unprocessable(`fund ${dto.fundId} does not exist`, [
        { field: 'fundId', problem: 'no fund with this id exists in your scope' },
      ]);
    }
    // The row lock makes concurrent requests for one person take turns at the repeat check.
    const beneficiary = (
      await tx.lock<{ id: string; incident_id: string }>('beneficiary', [dto.beneficiaryId])
    ).get(dto.beneficiaryId);
    if (!beneficiary) {
      throw unprocessable(`beneficiary ${dto.beneficiaryId} is not registered`, [
        { field: 'beneficiaryId', problem: 'no registered beneficiary has this id' },
      ]);
    }
    if (fund.incident_id !== null && beneficiary.incident_id !== fund.incident_id) {
      throw unprocessable(`beneficiary ${dto.beneficiaryId} is not of the fund's incident`, [
        { field: 'beneficiaryId', problem: `is not a beneficiary of incident ${fund.incident_id}` },
      ]);
    }
    const allowRepeat = dto.allowRepeat === true;
    if (!allowRepeat) {
      const [open] = await manager.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM disbursements WHERE fund_id = $1 AND beneficiary_id = $2
            AND status IN (${BLOCKING_SQL}) ORDER BY created_at LIMIT 1`,
        [fund.id, beneficiary.id],
      );
      if (open) throw repeatConflict(open.id, open.status);
    }

    const id = randomUUID();
    const requiredApprovals = dto.amountFen > this.config.APPROVAL_DUAL_THRESHOLD_FEN ? 2 : 1;
    const [row] = await manager.query<DisbursementRow[]>(
      `INSERT INTO disbursements (id, fund_id, beneficiary_id, amount_fen, purpose, note, status, org_code,
                                  incident_id, requested_by, required_approvals, allow_repeat, repeat_reason)
       VALUES ($1, $2, $3, $4::bigint, $5, $6, 'requested', $7, $8, $9, $10, $11, $12)
       ON CONFLICT (fund_id, beneficiary_id)
         WHERE NOT allow_repeat AND status IN (${BLOCKING_SQL}) DO NOTHING
       RETURNING ${DISBURSEMENT_COLUMNS}`,
      [
        id,
        fund.id,
        beneficiary.id,
        fenParam(dto.amountFen),
        dto.purpose,
        dto.note ?? null,
        fund.owner_org_code,
        fund.incident_id,
        user.sub,
        requiredApprovals,
        allowRepeat,
        allowRepeat ? (dto.repeatReason ?? null) : null,
      ],
    );
    if (!row) throw repeatConflict(undefined, 'open');
    await recordHistory(manager, id, 'requested', {
      ...(dto.repeatReason !== undefined ? { reason: dto.repeatReason } : {}),
    });
    const view = toDisbursementView(row);
    tx.publish('disbursement.requested', id, {
      disbursementId: id,
      fundId: view.fundId,
      beneficiaryId: view.beneficiaryId,
      amountFen: view.amountFen,
      purpose: view.purpose,
      requestedBy: user.sub,
      orgCode: view.orgCode,
      ...(view.incidentId !== undefined ? { incidentId: view.incidentId } : {}),
    });
    tx.record({
      action: 'disbursement.request',
      targetType: 'disbursement',
      targetId: id,
      orgCode: view.orgCode,
      summary: dto,
    });
    return view;
  }

  /** One approval; the last one needed reserves the money (422 when the fund cannot cover it). */
  async approve(
    user: AuthUser,
    id: string,
    dto: ApproveDisbursementDto = {},
  ): Promise<DisbursementView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const { row: d, fund } = await this.lockForDecision(tx, user, id, { lockFund: true });
      if (d.requested_by === user.sub) {
        throw forbidden('the requester can never approve their own request');
      }
      if (d.approved_by.includes(user.sub)) {
        throw forbidden(
          'you approved this request already: a second, different approver is needed',
        );
      }
      const approvedBy = [...d.approved_by, user.sub];
      const amountFen = fen(d.amount_fen);
      const final = approvedBy.length >= d.required_approvals;
      if (final) {
        const moved = await this.ledger.move(
          manager,
          'reservation',
          d.fund_id,
          'available',
          'reserved',
          amountFen,
          { disbursementId: id },
        );
        // The fund row is locked since lockForDecision, so its balance is the one move() saw.
        if (!moved) {
          throw insufficient(
            fund ?? { id: d.fund_id, available_fen: '0' },
            `the disbursement needs ${amountFen}`,
          );
        }
      }
      const status = final ? 'approved' : 'partially_approved';
      const row = await this.update(manager, id, status, { approvedBy });
      await recordHistory(manager, id, status, dto.note !== undefined ? { reason: dto.note } : {});
      const common = {
        disbursementId: id,
        fundId: d.fund_id,
        approvedBy,
        orgCode: d.org_code,
        ...(d.incident_id !== null ? { incidentId: d.incident_id } : {}),
      };
      if (final) {
        tx.publish('disbursement.approved', id, {
          ...common,
          beneficiaryId: d.beneficiary_id,
          amountFen,
        });
      } else {
        tx.publish('disbursement.partially_approved', id, common);
      }
      tx.record({
        action: final ? 'disbursement.approve' : 'disbursement.partially_approve',
        targetType: 'disbursement',
        targetId: id,
        orgCode: d.org_code,
        summary: { fundId: d.fund_id, amountFen, approvedBy },
      });
      return toDisbursementView(row);
    });
  }

  async reject(user: AuthUser, id: string, dto: RejectDisbursementDto): Promise<DisbursementView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const { row: d } = await this.lockForDecision(tx, user, id, { lockFund: false });
      const row = await this.update(manager, id, 'rejected', { reason: dto.reason });
      await recordHistory(manager, id, 'rejected', { reason: dto.reason });
      tx.publish('disbursement.rejected', id, {
        disbursementId: id,
        fundId: d.fund_id,
        amountFen: fen(d.amount_fen),
        reason: dto.reason,
        rejectedBy: user.sub,
        orgCode: d.org_code,
        ...(d.incident_id !== null ? { incidentId: d.incident_id } : {}),
      });
      tx.record({
        action: 'disbursement.reject',
        targetType: 'disbursement',
        targetId: id,
        orgCode: d.org_code,
        summary: { fundId: d.fund_id, reason: dto.reason },
      });
      return toDisbursementView(row);
    });
  }

  /**
   * The requester withdraws a request nobody has decided on yet; finance or an approver releases
   * an approved, undelivered one (its reservation returns to available, with a reason).
   */
  async cancel(user: AuthUser, id: string, dto: CancelDisbursementDto): Promise<DisbursementView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const { row: d, fund } = await this.lockVisible(tx, user, id, true);
      if (d.status === 'approved' && fund) {
        if (!user.roles.some((r) => r === 'finance' || r === 'approver')) {
          throw forbidden('only finance or an approver can release an approved disbursement');
        }
        if (dto.reason === undefined) {
          throw badRequest([
            { field: 'reason', problem: 'is required to release an approved disbursement' },
          ]);
        }
        const released = await this.release.release(
          manager,
          d,
          fund,
          user.sub,
          dto.reason,
          'disbursement.release',
        );
        return toDisbursementView(released);
      }
      if (d.status === 'delivered') {
        throw conflict(`disbursement ${id} is delivered: the cash was handed over`);
      }
      if (d.requested_by !== user.sub) throw forbidden('only the requester can cancel a request');
      if (d.status !== 'requested') {
        throw conflict(
          `disbursement ${id} is ${d.status}: only a request nobody decided on can be cancelled`,
        );
      }
      const row = await this.update(manager, id, 'cancelled', { reason: dto.reason });
      await recordHistory(manager, id, 'cancelled', {
        ...(dto.reason ? { reason: dto.reason } : {}),
      });
      tx.publish('disbursement.cancelled', id, {
        disbursementId: id,
        fundId: d.fund_id,
        amountFen: fen(d.amount_fen),
        cancelledBy: user.sub,
        ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
        orgCode: d.org_code,
        ...(d.incident_id !== null ? { incidentId: d.incident_id } : {}),
      });
      tx.record({
        action: 'disbursement.cancel',
        targetType: 'disbursement',
        targetId: id,
        orgCode: d.org_code,
        summary: { fundId: d.fund_id, reason: dto.reason },
      });
      return toDisbursementView(row);
    });
  }

  async get(user: AuthUser, id: string): Promise<DisbursementView> {
    const manager = this.dataSource.manager;
    const [row] = await manager.query<DisbursementRow[]>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE id = $1`,
      [id],
    );
    await this.scope.assertReadable(user, row?.org_code, `disbursement ${id}`, manager);
    return { ...toDisbursementView(row), history: await readHistory(manager, id) };
  }

  async list(user: AuthUser, query: ListDisbursementsQuery): Promise<Page<DisbursementView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    const where = ['org_code = ANY($1::text[])'];
    if (query.status !== undefined) where.push(`status = $${params.push(query.status)}`);
    if (query.fundId !== undefined) where.push(`fund_id = $${params.push(query.fundId)}`);
    if (query.beneficiaryId !== undefined)
      where.push(`beneficiary_id = $${params.push(query.beneficiaryId)}`);
    if (after) {
      where.push(`(created_at, id) > ($${params.push(after.at)}, $${params.push(after.id)})`);
    }
    const rows = await this.dataSource.query<DisbursementRow[]>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE ${where.join(' AND ')}
        ORDER BY created_at, id LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return pageOf(rows, limit, toDisbursementView, (row) =>
      encodeCursor({ at: row.created_at, id: row.id }),
    );
  }

  /**
   * The disbursement row-locked, when visible to the user (404 otherwise); with `lockFund`, its
   * fund row-locked first and returned too.
   */
  private async lockVisible(
    tx: WriteTransaction,
    user: AuthUser,
    id: string,
    lockFund = false,
  ): Promise<LockedDisbursement> {
    const manager = tx.manager;
    const [peek] = await manager.query<{ fund_id: string; org_code: string }[]>(
      `SELECT fund_id, org_code FROM disbursements WHERE id = $1`,
      [id],
    );
    await this.scope.assertReadable(user, peek?.org_code, `disbursement ${id}`, manager);
    const fund = lockFund
      ? (await tx.lock<FundRow>('fund', [peek.fund_id])).get(peek.fund_id)
      : undefined;
    const row = (await tx.lock<DisbursementRow>('disbursement', [id])).get(id);
    if (!row) throw notFound(`disbursement ${id}`);
    return { row, fund };
  }

  /** Locked and still undecided (409 once approved, rejected, cancelled or delivered). */
  private async lockForDecision(
    tx: WriteTransaction,
    user: AuthUser,
    id: string,
    { lockFund }: { lockFund: boolean },
  ): Promise<LockedDisbursement> {
    const locked = await this.lockVisible(tx, user, id, lockFund);
    const { row } = locked;
    if (row.status !== 'requested' && row.status !== 'partially_approved') {
      throw conflict(`disbursement ${id} is already ${row.status}`);
    }
    return locked;
  }

  private async update(
    manager: EntityManager,
    id: string,
    status: DisbursementRow['status'],
    changes: { approvedBy?: string[]; reason?: string },
  ): Promise<DisbursementRow> {
    const [row] = await updateReturning<DisbursementRow>(
      manager,
      `UPDATE disbursements SET status = $2, approved_by = coalesce($3::text[], approved_by),
              decision_reason = coalesce($4, decision_reason), updated_at = now()
        WHERE id = $1 RETURNING ${DISBURSEMENT_COLUMNS}`,
      [id, status, changes.approvedBy ?? null, changes.reason ?? null],
    );
    if (!row) throw notFound(`disbursement ${id}`);
    return row;
  }
}

function repeatConflict(existingId: string | undefined, status: string) {
  return conflict(
    `this beneficiary already has a ${status} disbursement from this fund`,
    [
      {
        field: 'beneficiaryId',
        problem:
          'already has an open or delivered disbursement from this fund (allowRepeat with a repeatReason to pay again)',
      },
    ],
    existingId,
  );
}
