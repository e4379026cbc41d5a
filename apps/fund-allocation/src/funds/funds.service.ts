import { AuthUser, OrgDirectory, ScopeService } from '@aidflow/auth';
import {
  conflict,
  unprocessable,
  decodeCursor,
  encodeCursor,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import { FUND_COLUMNS, FundRow, LedgerService, MovementRefs } from '../ledger/ledger.service';
import { IncidentReplicaService } from '../incidents/incident-replica.service';
import { CreateFundDto } from './dto/create-fund.dto';
import { FundPage, FundTotals, FundView, Reconciliation, toFundView } from './dto/fund.view';
import { ListFundsQuery } from './dto/list-funds.query';

/** Everything a new fund row needs; allocations create child funds through the same insert. */
export interface NewFund {
  code: string;
  name: string;
  source: string;
  purpose: string;
  ownerOrgCode: string;
  incidentId?: string;
  parentFundId?: string;
  amountFen: number;
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'movement_id',
  'kind',
  'fund_id',
  'bucket',
  'delta_fen',
  'allocation_id',
  'disbursement_id',
  'visit_id',
  'actor_sub',
] as const;

@Injectable()
export class FundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly scope: ScopeService,
    private readonly incidents: IncidentReplicaService,
  ) {}

  async create(user: AuthUser, dto: CreateFundDto, key: string | undefined): Promise<FundView> {
    return this.uow.run({ idempotency: { key, request: dto } }, async (tx) => {
      const manager = tx.manager;
      if (!(await OrgDirectory.find(manager, dto.ownerOrgCode))) {
        throw unprocessable(`org ${dto.ownerOrgCode} is not known`, [
          { field: 'ownerOrgCode', problem: 'no org with this code is known' },
        ]);
      }
      await this.scope.assertCanWrite(user, dto.ownerOrgCode, manager);
      // Unknown and another branch's incident answer alike: existence is not revealed.
      if (
        dto.incidentId !== undefined &&
        !(await this.incidents.concerns(manager, dto.incidentId, dto.ownerOrgCode))
      ) {
        throw unprocessable(`incident ${dto.incidentId} is not known`, [
          {
            field: 'incidentId',
            problem:
              'no incident with this id is known for the owner org (it may not have arrived yet)',
          },
        ]);
      }
      const fund = await this.insertFund(tx, user, dto);
      tx.record({
        action: 'fund.create',
        targetType: 'fund',
        targetId: fund.id,
        orgCode: dto.ownerOrgCode,
        summary: dto,
      });
      return fund;
    });
  }

  /** Inserts a funded fund with its funding movement and fund.created; 409 on a taken code. */
  async insertFund(
    tx: WriteTransaction,
    user: AuthUser,
    fund: NewFund,
    refs: MovementRefs = {},
  ): Promise<FundView> {
    const manager = tx.manager;
    const id = randomUUID();
    const [row] = await manager.query<FundRow[]>(
      `INSERT INTO funds (id, code, name, source, purpose, owner_org_code, incident_id, parent_fund_id,
                          amount_fen, available_fen, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $9::bigint, $10)
       ON CONFLICT (code) DO NOTHING RETURNING ${FUND_COLUMNS}`,
      [
        id,
        fund.code,
        fund.name,
        fund.source,
        fund.purpose,
        fund.ownerOrgCode,
        fund.incidentId ?? null,
        fund.parentFundId ?? null,
        fenParam(fund.amountFen),
        user.sub,
      ],
    );
    if (!row) {
      const [existing] = await manager.query<{ id: string }[]>(
        `SELECT id FROM funds WHERE code = $1`,
        [fund.code],
      );
      throw conflict(
        `fund code ${fund.code} is taken`,
        [{ field: 'code', problem: 'another fund has this code' }],
        existing?.id,
      );
    }
    await this.ledger.recordFunding(manager, id, fund.amountFen, refs);
    const view = toFundView(row);
    tx.publish('fund.created', id, {
      fundId: id,
      code: view.code,
      name: view.name,
      source: view.source,
      purpose: view.purpose,
      ownerOrgCode: view.ownerOrgCode,
      ...(view.incidentId !== undefined ? { incidentId: view.incidentId } : {}),
      amountFen: view.amountFen,
      ...(view.parentFundId !== undefined ? { parentFundId: view.parentFundId } : {}),
    });
    return view;
  }

  async get(user: AuthUser, id: string): Promise<FundView> {
    return toFundView(await this.readable(this.dataSource.manager, user, id));
  }

  /** Balances and their check against the ledger, read in one snapshot. */
  async reconciliation(user: AuthUser, id: string): Promise<Reconciliation> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const row = await this.readable(manager, user, id);
      const view = toFundView(row);
      const ledger = await this.ledger.ledgerBalances(manager, id);
      const allocations = await manager.query<
        {
          id: string;
          to_fund_id: string;
          to_org_code: string;
          amount_fen: string;
          created_at: Date;
        }[]
      >(
        `SELECT id, to_fund_id, to_org_code, amount_fen, created_at FROM allocations
          WHERE from_fund_id = $1 ORDER BY created_at, id`,
        [id],
      );
      const [now] = await manager.query<{ now: Date }[]>(`SELECT now()`);
      const balances = {
        amountFen: view.amountFen,
        allocatedDownFen: view.allocatedDownFen,
        reservedFen: view.reservedFen,
        deliveredFen: view.deliveredFen,
        availableFen: view.availableFen,
      };
      return {
        fundId: view.id,
        code: view.code,
        ownerOrgCode: view.ownerOrgCode,
        ...balances,
        balanced:
          balances.amountFen ===
          balances.allocatedDownFen +
            balances.reservedFen +
            balances.deliveredFen +
            balances.availableFen,
        ledgerConsistent: (Object.keys(balances) as (keyof typeof balances)[]).every(
          (bucket) => balances[bucket] === ledger[bucket],
        ),
        ledger,
        allocations: allocations.map((a) => ({
          allocationId: a.id,
          toFundId: a.to_fund_id,
          toOrgCode: a.to_org_code,
          amountFen: fen(a.amount_fen),
          createdAt: a.created_at.toISOString(),
        })),
        asOf: (now?.now ?? new Date()).toISOString(),
      };
    });
  }

  async list(user: AuthUser, query: ListFundsQuery): Promise<FundPage> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    const where = ['owner_org_code = ANY($1::text[])'];
    if (query.incidentId !== undefined)
      where.push(`incident_id = $${params.push(query.incidentId)}`);
    if (query.ownerOrgCode !== undefined)
      where.push(`owner_org_code = $${params.push(query.ownerOrgCode)}`);
    if (query.parentFundId !== undefined)
      where.push(`parent_fund_id = $${params.push(query.parentFundId)}`);
    const filter = where.join(' AND ');

    const pageParams = [...params];
    const pageWhere = [filter];
    if (after) {
      pageWhere.push(
        `(created_at, id) > ($${pageParams.push(after.at)}, $${pageParams.push(after.id)})`,
      );
    }
    const rows = await this.dataSource.query<FundRow[]>(
      `SELECT ${FUND_COLUMNS} FROM funds WHERE ${pageWhere.join(' AND ')}
        ORDER BY created_at, id LIMIT $${pageParams.push(limit + 1)}`,
      pageParams,
    );
    const page = pageOf(rows, limit, toFundView, (row) =>
      encodeCursor({ at: row.created_at, id: row.id }),
    );
    return { ...page, totals: await this.totals(params, filter) };
  }

  /** All ledger movements of a fund as CSV, oldest first, for the auditors. */
  async movementsCsv(user: AuthUser, id: string): Promise<string> {
    await this.readable(this.dataSource.manager, user, id);
    const rows = await this.dataSource.query<
      Record<(typeof CSV_COLUMNS)[number], string | number | Date | null>[]
    >(
      `SELECT seq::text, at, movement_id, kind, fund_id, bucket, delta_fen::text, allocation_id,
              disbursement_id, visit_id, actor_sub
         FROM ledger_entries WHERE fund_id = $1 ORDER BY ledger_entries.seq`, // the column, not the text alias
      [id],
    );
    const lines = rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
    return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
  }

  /** The fund when the user may see it; 404 otherwise (existence is not revealed). */
  async readable(manager: EntityManager, user: AuthUser, id: string): Promise<FundRow> {
    const [row] = await manager.query<FundRow[]>(
      `SELECT ${FUND_COLUMNS} FROM funds WHERE id = $1`,
      [id],
    );
    await this.scope.assertReadable(user, row?.owner_org_code, `fund ${id}`, manager);
    return row;
  }

  private async totals(params: unknown[], filter: string): Promise<FundTotals[]> {
    const rows = await this.dataSource.query<
      {
        source: FundTotals['source'];
        purpose: FundTotals['purpose'];
        fund_count: number;
        amount: string;
        allocated_down: string;
        reserved: string;
        delivered: string;
        available: string;
        external: string;
      }[]
    >(
      `WITH matching AS (SELECT * FROM funds WHERE ${filter})
       SELECT m.source, m.purpose, count(*)::int AS fund_count,
              sum(m.amount_fen)::text AS amount, sum(m.allocated_down_fen)::text AS allocated_down,
              sum(m.reserved_fen)::text AS reserved, sum(m.delivered_fen)::text AS delivered,
              sum(m.available_fen)::text AS available,
              coalesce(sum(m.amount_fen) FILTER (WHERE NOT EXISTS
                (SELECT 1 FROM matching p WHERE p.id = m.parent_fund_id)), 0)::text AS external
         FROM matching m GROUP BY m.source, m.purpose ORDER BY m.source, m.purpose`,
      params,
    );
    return rows.map((r) => ({
      source: r.source,
      purpose: r.purpose,
      fundCount: r.fund_count,
      amountFen: fen(r.amount),
      allocatedDownFen: fen(r.allocated_down),
      reservedFen: fen(r.reserved),
      deliveredFen: fen(r.delivered),
      availableFen: fen(r.available),
      externalFen: fen(r.external),
    }));
  }
}

/** RFC 4180 quoting; a leading = + - @ in text is defused so a spreadsheet never runs it. */
function csvCell(value: string | number | Date | null): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const safe =
    /^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d+$/.test(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
