import { AuthUser, OrgDirectory, ScopeService } from '@aidflow/auth';
import { unprocessable } from '@aidflow/platform';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fenParam } from '../common/money';
import { FundsService } from '../funds/funds.service';
import { FundRow, insufficient, LedgerService } from '../ledger/ledger.service';
import { AllocationView } from './dto/allocation.view';
import { CreateAllocationDto } from './dto/create-allocation.dto';

@Injectable()
export class AllocationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
    private readonly scope: ScopeService,
  ) {}

  /** Moves money from a fund to a new child fund of an org strictly below the fund's owner. */
  async allocate(
    user: AuthUser,
    dto: CreateAllocationDto,
    key: string | undefined,
  ): Promise<AllocationView> {
    return this.uow.run({ idempotency: { key, request: dto } }, (tx) =>
      this.allocateLocked(tx, user, dto),
    );
  }

  private async allocateLocked(
    tx: WriteTransaction,
    user: AuthUser,
    dto: CreateAllocationDto,
  ): Promise<AllocationView> {
    const manager = tx.manager;
    const source = (await tx.lock<FundRow>('fund', [dto.fromFundId])).get(dto.fromFundId);
    // 422, not 404: the URL names nothing missing; the body refers to a fund the caller cannot use.
    if (!source || !(await this.scope.isWithin(user, source.owner_org_code, manager))) {
      throw unprocessable(`fund ${dto.fromFundId} does not exist`, [
        { field: 'fromFundId', problem: 'no fund with this id exists in your scope' },
      ]);
    }
    const toOrg = await OrgDirectory.find(manager, dto.toOrgCode);
    if (
      !toOrg ||
      toOrg.code === source.owner_org_code ||
      !toOrg.path.includes(source.owner_org_code)
    ) {
      throw unprocessable(`money moves only down the tree from ${source.owner_org_code}`, [
        {
          field: 'toOrgCode',
          problem: `must be an org below the fund's owner ${source.owner_org_code} (never sideways or up)`,
        },
      ]);
    }

    const id = randomUUID();
    const moved = await this.ledger.move(
      manager,
      'allocation',
      source.id,
      'available',
      'allocated_down',
      dto.amountFen,
      { allocationId: id },
    );
    if (!moved) throw insufficient(source, `${dto.amountFen} fen were asked for`);

    const childFund = await this.funds.insertFund(
      tx,
      user,
      {
        code: `alloc-${id}`,
        name: `${source.name} → ${toOrg.name}`.slice(0, 200),
        source: source.source,
        purpose: dto.purpose,
        ownerOrgCode: toOrg.code,
        ...(source.incident_id !== null ? { incidentId: source.incident_id } : {}),
        parentFundId: source.id,
        amountFen: dto.amountFen,
      },
      { allocationId: id },
    );
    const [row] = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO allocations (id, from_fund_id, to_fund_id, from_org_code, to_org_code, amount_fen,
                                purpose, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::bigint, $7, $8, $9) RETURNING created_at`,
      [
        id,
        source.id,
        childFund.id,
        source.owner_org_code,
        toOrg.code,
        fenParam(dto.amountFen),
        dto.purpose,
        dto.note ?? null,
        user.sub,
      ],
    );
    tx.publish('fund.allocated', source.id, {
      allocationId: id,
      fromFundId: source.id,
      toFundId: childFund.id,
      fromOrgCode: source.owner_org_code,
      toOrgCode: toOrg.code,
      amountFen: dto.amountFen,
      purpose: dto.purpose,
      ...(source.incident_id !== null ? { incidentId: source.incident_id } : {}),
    });
    tx.record({
      action: 'fund.allocate',
      targetType: 'fund',
      targetId: source.id,
      orgCode: source.owner_org_code,
      summary: { allocationId: id, toFundId: childFund.id, ...dto },
    });
    return {
      id,
      fromFundId: source.id,
      toFundId: childFund.id,
      fromOrgCode: source.owner_org_code,
      toOrgCode: toOrg.code,
      amountFen: dto.amountFen,
      purpose: dto.purpose,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
      createdAt: (row?.created_at ?? new Date()).toISOString(),
      childFund,
    };
  }
}
