import { AuthUser, ScopeService } from '@aidflow/auth';
import { conflict, forbidden, notFound, unprocessable } from '@aidflow/platform';
import { UnitOfWork } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { fen, fenParam } from '../common/money';
import { AdvanceRepository } from './advance.repository';
import { SettleAdvanceDto } from './dto/advance.dto';
import { AdvanceRow, AdvanceView, toAdvanceView } from './dto/advance.view';

/**
 * The team comes back: handed over (drawn by its visits) + returned cash must equal the advance.
 * A shortfall is refused with the difference, unless an approver who did not request the advance
 * accepts it as a discrepancy with a reason (discrepancy.reported → an alert for the org).
 * Runs under the same fund and advance row locks as the draws, so a visit syncing
 * during the settlement is applied wholly before or wholly after it.
 */
@Injectable()
export class AdvanceSettlementService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: AdvanceRepository,
    private readonly scope: ScopeService,
  ) {}

  async settle(user: AuthUser, id: string, dto: SettleAdvanceDto): Promise<AdvanceView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const peek = await this.repo.find(manager, id);
      await this.scope.assertReadable(user, peek?.org_code, `advance ${id}`, manager);
      if (!peek) throw notFound(`advance ${id}`);
      await tx.lock('fund', [peek.fund_id]);
      const a = (await tx.lock<AdvanceRow>('advance', [id])).get(id);
      if (!a) throw notFound(`advance ${id}`);
      if (a.status !== 'issued') {
        throw conflict(`advance ${id} is ${a.status}: only an issued advance can be settled`);
      }
      const accept = dto.acceptDiscrepancy === true;
      if (accept) {
        if (!user.roles.includes('approver')) {
          throw forbidden('only an approver can accept a discrepancy');
        }
        if (a.requested_by === user.sub) {
          throw forbidden('the requester can never accept a discrepancy on their own advance');
        }
      }
      const amount = fen(a.amount_fen);
      const handedOver = fen(a.handed_over_fen);
      const outstanding = fen(a.outstanding_fen);
      if (dto.returnedFen > outstanding) {
        throw unprocessable(
          `advance ${id} has ${outstanding} fen outstanding, ${dto.returnedFen} fen were returned`,
          [
            {
              field: 'returnedFen',
              problem: `exceeds the outstanding cash by ${dto.returnedFen - outstanding} fen (drawn ${amount}, handed over ${handedOver})`,
            },
          ],
        );
      }
      const missing = outstanding - dto.returnedFen;
      if (missing > 0 && !accept) {
        throw unprocessable(`advance ${id} does not balance: ${missing} fen unaccounted for`, [
          {
            field: 'returnedFen',
            problem: `handed over ${handedOver} + returned ${dto.returnedFen} = ${handedOver + dto.returnedFen}, drawn ${amount}: ${missing} fen short`,
          },
        ]);
      }
      const status = missing === 0 ? 'settled' : 'discrepancy';
      const reason = dto.reason ?? dto.note ?? null;
      const row = await this.repo.update(
        manager,
        id,
        `status = $2, returned_fen = returned_fen + $3::bigint, outstanding_fen = outstanding_fen - $3::bigint,
         settled_by = $4, settlement_reason = $5, settled_at = now()`,
        [status, fenParam(dto.returnedFen), user.sub, reason],
      );
      await this.repo.recordHistory(manager, id, status, reason ?? undefined);
      const scope = {
        orgCode: a.org_code,
        ...(a.incident_id !== null ? { incidentId: a.incident_id } : {}),
      };
      tx.publish('advance.settled', id, {
        advanceId: id,
        fundId: a.fund_id,
        teamId: a.team_id,
        status,
        amountFen: amount,
        handedOverFen: handedOver,
        returnedFen: fen(row.returned_fen),
        outstandingFen: fen(row.outstanding_fen),
        settledBy: user.sub,
        ...(reason !== null ? { reason } : {}),
        ...scope,
      });
      if (status === 'discrepancy') {
        tx.publish('discrepancy.reported', id, {
          kind: 'cash',
          advanceId: id,
          expected: outstanding,
          actual: dto.returnedFen,
          reason: `advance ${id} settled ${missing} fen short: ${dto.reason ?? ''}`.slice(0, 1000),
          ...scope,
        });
      }
      tx.record({
        action: status === 'settled' ? 'advance.settle' : 'advance.accept_discrepancy',
        targetType: 'advance',
        targetId: id,
        orgCode: a.org_code,
        summary: { returnedFen: dto.returnedFen, missingFen: missing, reason },
      });
      return toAdvanceView(row);
    });
  }
}
