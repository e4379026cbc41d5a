// The SQL of the visit aggregate: the visit, its cash lines and the resends kept aside.
import { PG_UNIQUE_VIOLATION, sqlState, violatedConstraint } from '@aidflow/database';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { NormalizedVisit } from './visit-content';
import { CashLine } from './visit-rules';
import { CashVerification, VisitRecordStatus } from './visit.entity';

const CASH_ONCE_INDEX = 'visit_cash_lines_disbursement_once';

export interface ExistingVisit {
  content_hash: string;
  status: VisitRecordStatus;
  org_code: string;
}

export interface BeneficiaryLineRow {
  visit_id: string;
  beneficiary_id: string;
  needs: string[];
  receipt_sha256: string | null;
}

export interface CashLineRow {
  visit_id: string;
  beneficiary_id: string;
  disbursement_id: string;
  amount_fen: string;
  verification: CashVerification;
  problem: string | null;
}

export interface GoodsLineRow {
  visit_id: string;
  beneficiary_id: string;
  item_code: string;
  quantity: number;
}

/** A visit's lines as the view shows them: beneficiaries by position, goods by beneficiary and position. */
export interface VisitLineRows {
  beneficiaries: BeneficiaryLineRow[];
  cash: CashLineRow[];
  goods: GoodsLineRow[];
}

@Injectable()
export class VisitRepository {
  async existing(manager: EntityManager, id: string): Promise<ExistingVisit | undefined> {
    const [row] = await manager.query<ExistingVisit[]>(
      `SELECT content_hash, status, org_code FROM visits WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Inserts the cash lines; returns the first line the cash-once index refused (nothing of it kept). */
  async insertCashLines(
    manager: EntityManager,
    visitId: string,
    cash: readonly CashLine[],
  ): Promise<CashLine | undefined> {
    for (const line of cash) {
      try {
        await manager.query(
          `INSERT INTO visit_cash_lines (visit_id, beneficiary_id, disbursement_id, amount_fen, verification)
           VALUES ($1, $2, $3, $4, $5)`,
          [visitId, line.beneficiaryId, line.disbursementId, line.amountFen, line.verification],
        );
      } catch (error) {
        // The unique index, not an earlier read, decides which of two handovers of the same cash wins.
        if (
          sqlState(error) === PG_UNIQUE_VIOLATION &&
          violatedConstraint(error) === CASH_ONCE_INDEX
        ) {
          return line;
        }
        throw error;
      }
    }
    return undefined;
  }

  /** Keeps a resend with other content for review; undefined when this version was kept before. */
  async keepResend(
    manager: EntityManager,
    existing: ExistingVisit,
    visit: NormalizedVisit,
    hash: string,
    receivedBy: string,
  ): Promise<string | undefined> {
    const [kept] = await manager.query<{ id: string }[]>(
      `INSERT INTO visit_conflicts (id, visit_id, org_code, content_hash, incoming, received_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (visit_id, content_hash) DO NOTHING RETURNING id`,
      [randomUUID(), visit.id, existing.org_code, hash, JSON.stringify(visit), receivedBy],
    );
    return kept?.id;
  }

  async keptResend(
    manager: EntityManager,
    visitId: string,
    hash: string,
  ): Promise<string | undefined> {
    const [earlier] = await manager.query<{ id: string }[]>(
      `SELECT id FROM visit_conflicts WHERE visit_id = $1 AND content_hash = $2`,
      [visitId, hash],
    );
    return earlier?.id;
  }

  /** The lines of many visits, in three queries for the whole page. */
  async lines(manager: EntityManager, ids: readonly string[]): Promise<VisitLineRows> {
    const [beneficiaries, cash, goods] = await Promise.all([
      manager.query<BeneficiaryLineRow[]>(
        `SELECT visit_id, beneficiary_id, needs, receipt_sha256 FROM visit_beneficiaries
          WHERE visit_id = ANY($1::uuid[]) ORDER BY visit_id, position`,
        [ids],
      ),
      manager.query<CashLineRow[]>(
        `SELECT visit_id, beneficiary_id, disbursement_id, amount_fen, verification, problem
           FROM visit_cash_lines WHERE visit_id = ANY($1::uuid[])`,
        [ids],
      ),
      manager.query<GoodsLineRow[]>(
        `SELECT visit_id, beneficiary_id, item_code, quantity FROM visit_goods_lines
          WHERE visit_id = ANY($1::uuid[]) ORDER BY visit_id, beneficiary_id, position`,
        [ids],
      ),
    ]);
    return { beneficiaries, cash, goods };
  }
}
