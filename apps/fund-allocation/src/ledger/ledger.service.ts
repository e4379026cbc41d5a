import { RequestContext, unprocessable } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import { updateReturning } from '@aidflow/database';
import { LedgerBucket, MovementKind } from './ledger-entry.entity';

/** The balance buckets of a fund that have a column (funding is the outside world). */
export type BalanceBucket = Exclude<LedgerBucket, 'funding'>;

const COLUMN: Record<BalanceBucket, string> = {
  available: 'available_fen',
  reserved: 'reserved_fen',
  delivered: 'delivered_fen',
  allocated_down: 'allocated_down_fen',
};

export interface FundRow {
  id: string;
  code: string;
  name: string;
  source: string;
  purpose: string;
  owner_org_code: string;
  incident_id: string | null;
  parent_fund_id: string | null;
  amount_fen: string;
  allocated_down_fen: string;
  reserved_fen: string;
  delivered_fen: string;
  available_fen: string;
  created_at: Date;
  updated_at: Date;
}

export interface Balances {
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

export interface MovementRefs {
  allocationId?: string;
  disbursementId?: string;
  visitId?: string;
}

export const FUND_COLUMNS = `id, code, name, source, purpose, owner_org_code, incident_id, parent_fund_id,
  amount_fen, allocated_down_fen, reserved_fen, delivered_fen, available_fen, created_at, updated_at`;

export function balancesOf(row: FundRow): Balances {
  return {
    amountFen: fen(row.amount_fen),
    allocatedDownFen: fen(row.allocated_down_fen),
    reservedFen: fen(row.reserved_fen),
    deliveredFen: fen(row.delivered_fen),
    availableFen: fen(row.available_fen),
  };
}

/**
 * 422 for a movement the fund's available balance cannot cover. `asked` completes the message with
 * what was wanted, e.g. `500 fen were asked for`.
 */
export function insufficient(fund: Pick<FundRow, 'id' | 'available_fen'>, asked: string): Error {
  const available = fen(fund.available_fen);
  return unprocessable(`fund ${fund.id} has ${available} fen available, ${asked}`, [
    { field: 'amountFen', problem: `exceeds the fund's available balance (${available} fen)` },
  ]);
}

/**
 * Moves money between the buckets of funds: the balance columns change only under the fund's row
 * lock and always together with the two ledger rows (one −X, one +X) of the movement.
 */
@Injectable()
export class LedgerService {
  /** Row-locks funds in id order (a fixed order: two movers never wait on each other in a cycle). */
  async lockFunds(manager: EntityManager, ids: string[]): Promise<Map<string, FundRow>> {
    const unique = [...new Set(ids)].sort();
    if (unique.length === 0) return new Map();
    const rows = await manager.query<FundRow[]>(
      `SELECT ${FUND_COLUMNS} FROM funds WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [unique],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Moves `amount` from one bucket of a locked fund to another. Returns the fund after the move,
   * or undefined (and changes nothing) when the `from` bucket holds less than `amount`.
   */
  async move(
    manager: EntityManager,
    kind: MovementKind,
    fundId: string,
    from: BalanceBucket,
    to: BalanceBucket,
    amount: number,
    refs: MovementRefs = {},
  ): Promise<FundRow | undefined> {
    const [row] = await updateReturning<FundRow>(
      manager,
      `UPDATE funds SET ${COLUMN[from]} = ${COLUMN[from]} - $2::bigint,
                        ${COLUMN[to]} = ${COLUMN[to]} + $2::bigint, updated_at = now()
        WHERE id = $1 AND ${COLUMN[from]} >= $2::bigint
        RETURNING ${FUND_COLUMNS}`,
      [fundId, fenParam(amount)],
    );
    if (!row) return undefined;
    await this.entries(
      manager,
      kind,
      [
        { fundId, bucket: from, delta: -amount },
        { fundId, bucket: to, delta: amount },
      ],
      refs,
    );
    return row;
  }

  /** The movement that brings a new fund's amount in from outside (funding −X, available +X). */
  async recordFunding(
    manager: EntityManager,
    fundId: string,
    amount: number,
    refs: MovementRefs = {},
  ): Promise<void> {
    await this.entries(
      manager,
      'funding',
      [
        { fundId, bucket: 'funding', delta: -amount },
        { fundId, bucket: 'available', delta: amount },
      ],
      refs,
    );
  }

  /** A fund's balances as its ledger rows add up (amount = money that came in = −funding). */
  async ledgerBalances(manager: EntityManager, fundId: string): Promise<Balances> {
    const rows = await manager.query<{ bucket: LedgerBucket; total: string }[]>(
      `SELECT bucket, sum(delta_fen)::text AS total FROM ledger_entries WHERE fund_id = $1 GROUP BY bucket`,
      [fundId],
    );
    const sum = (bucket: LedgerBucket) => fen(rows.find((r) => r.bucket === bucket)?.total ?? '0');
    return {
      amountFen: -sum('funding'),
      allocatedDownFen: sum('allocated_down'),
      reservedFen: sum('reserved'),
      deliveredFen: sum('delivered'),
      availableFen: sum('available'),
    };
  }

  private async entries(
    manager: EntityManager,
    kind: MovementKind,
    legs: { fundId: string; bucket: LedgerBucket; delta: number }[],
    refs: MovementRefs,
  ): Promise<void> {
    const movementId = randomUUID();
    const actor = RequestContext.current()?.actor?.sub ?? null;
    await manager.query(
      `INSERT INTO ledger_entries (movement_id, kind, fund_id, bucket, delta_fen, allocation_id,
                                   disbursement_id, visit_id, actor_sub)
       SELECT $1, $2, leg.fund_id, leg.bucket, leg.delta, $6, $7, $8, $9
         FROM unnest($3::uuid[], $4::text[], $5::bigint[]) AS leg(fund_id, bucket, delta)`,
      [
        movementId,
        kind,
        legs.map((l) => l.fundId),
        legs.map((l) => l.bucket),
        legs.map((l) => fenParam(l.delta)),
        refs.allocationId ?? null,
        refs.disbursementId ?? null,
        refs.visitId ?? null,
        actor,
      ],
    );
  }
}
