import { AuditService } from '@aidflow/audit';
import { EventPayloads, TypedEvent } from '@aidflow/contracts';
import { OutboxService } from '@aidflow/messaging';
import { RequestContext } from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { fen } from '../common/money';
import { updateReturning } from '@aidflow/database';
import { recordHistory } from '../disbursements/disbursement-history';
import { DISBURSEMENT_COLUMNS, DisbursementRow } from '../disbursements/dto/disbursement.view';
import { AdvanceDrawdownService } from '../advances/advance-drawdown.service';
import { LedgerService } from '../ledger/ledger.service';
import { STOCK_COLUMNS, StockRow } from '../stock/dto/stock.view';
import { stockAggregateId } from '../stock/stock.service';

type VisitLogged = EventPayloads['visit.logged'];
type Discrepancy = EventPayloads['discrepancy.reported'];

/** A line of a visit that cannot be applied, with the key that makes its alert once-only. */
interface Problem {
  lineKey: string;
  data: Discrepancy;
}

/**
 * Applies what a visit handed over: cash lines deliver approved disbursements (reserved →
 * delivered), goods lines take stock off hand. All lines of a visit apply together or not at all.
 * A line that does not match (unknown disbursement, amount, beneficiary, status, stock on hand)
 * is a business refusal, not a poison message: nothing of the visit applies, the discrepancy is
 * recorded with the event (discrepancy.reported, alerting the visit's org) and the event is done —
 * never retried, never dead-lettered.
 * The same visit reported again for a delivered disbursement is a no-op; a different visit
 * handing over the same disbursement's cash again is a discrepancy.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly advances: AdvanceDrawdownService,
  ) {}

  async applyVisit(manager: EntityManager, event: TypedEvent<'visit.logged'>): Promise<void> {
    const visit = event.data;
    const problems: Problem[] = [];
    // The lines apply together or not at all; a refusal keeps only the discrepancies.
    await manager.query('SAVEPOINT visit_lines');
    const delivered = await this.deliverCash(manager, visit, problems);
    const goods = await this.deliverGoods(manager, visit, problems);
    if (problems.length > 0) {
      await manager.query('ROLLBACK TO SAVEPOINT visit_lines');
      await manager.query('RELEASE SAVEPOINT visit_lines');
      await this.report(manager, event.id, problems);
      await this.audit.record(manager, {
        action: 'visit.refuse',
        targetType: 'visit',
        targetId: visit.visitId,
        orgCode: visit.orgCode,
        summary: { eventId: event.id, reasons: problems.map((p) => p.data.reason) },
      });
      return;
    }
    await manager.query('RELEASE SAVEPOINT visit_lines');
    if (delivered.length > 0 || goods.length > 0) {
      await this.audit.record(manager, {
        action: 'visit.apply',
        targetType: 'visit',
        targetId: visit.visitId,
        orgCode: visit.orgCode,
        summary: { eventId: event.id, deliveredDisbursements: delivered, goods },
      });
    }
  }

  private async deliverCash(
    manager: EntityManager,
    visit: VisitLogged,
    problems: Problem[],
  ): Promise<string[]> {
    const lines = visit.beneficiaries.flatMap((b) =>
      b.cash ? [{ beneficiaryId: b.beneficiaryId, ...b.cash }] : [],
    );
    if (lines.length === 0) return [];
    const ids = lines.map((l) => l.disbursementId);
    const peek = await manager.query<{ fund_id: string }[]>(
      `SELECT fund_id FROM disbursements WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    // Funds first, in id order, then the disbursements: the order every movement locks in.
    await this.ledger.lockFunds(
      manager,
      peek.map((p) => p.fund_id),
    );
    const rows = await manager.query<DisbursementRow[]>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const seen = new Set<string>();
    const done: string[] = [];

    for (const [index, line] of lines.entries()) {
      const d = byId.get(line.disbursementId);
      const problem = (expected: number, reason: string) =>
        problems.push({
          lineKey: `cash:${index}:${line.disbursementId}`,
          data: {
            kind: 'cash',
            visitId: visit.visitId,
            disbursementId: line.disbursementId,
            expected,
            actual: line.amountFen,
            orgCode: d?.org_code ?? visit.orgCode,
            incidentId: d?.incident_id ?? visit.incidentId,
            reason: `disbursement ${line.disbursementId}: ${reason}`,
          },
        });
      if (!d) {
        problem(0, 'no such disbursement');
        continue;
      }
      const approved = fen(d.amount_fen);
      if (seen.has(d.id)) {
        problem(approved, 'handed over twice in one visit');
        continue;
      }
      seen.add(d.id);
      if (d.status === 'delivered') {
        // The same visit again (a re-sent sync) changes nothing; another visit would pay twice.
        if (d.delivered_visit_id !== visit.visitId) {
          problem(approved, `already delivered in visit ${d.delivered_visit_id ?? 'unknown'}`);
        }
        continue;
      }
      if (d.status !== 'approved') {
        problem(approved, `is ${d.status}, not approved`);
        continue;
      }
      if (d.beneficiary_id !== line.beneficiaryId) {
        problem(
          approved,
          `belongs to beneficiary ${d.beneficiary_id}, handed to ${line.beneficiaryId}`,
        );
        continue;
      }
      if (line.amountFen !== approved) {
        problem(
          approved,
          `approved for ${approved} fen, ${line.amountFen} fen reported handed over`,
        );
        continue;
      }
      await this.deliver(manager, d, visit);
      done.push(d.id);
    }
    return done;
  }

  private async deliver(
    manager: EntityManager,
    d: DisbursementRow,
    visit: VisitLogged,
  ): Promise<void> {
    const amountFen = fen(d.amount_fen);
    const moved = await this.ledger.move(
      manager,
      'delivery',
      d.fund_id,
      'reserved',
      'delivered',
      amountFen,
      {
        disbursementId: d.id,
        visitId: visit.visitId,
      },
    );
    // An approved disbursement always has its amount reserved; anything else is a broken invariant.
    if (!moved)
      throw new Error(`fund ${d.fund_id} has less reserved than approved disbursement ${d.id}`);
    await updateReturning(
      manager,
      `UPDATE disbursements SET status = 'delivered', delivered_visit_id = $2, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [d.id, visit.visitId],
    );
    await recordHistory(manager, d.id, 'delivered', { visitId: visit.visitId });
    await this.advances.draw(manager, {
      disbursementId: d.id,
      fundId: d.fund_id,
      amountFen,
      visitId: visit.visitId,
      teamId: visit.teamId,
    });
    await this.outbox.publish(manager, 'disbursement.delivered', d.id, {
      disbursementId: d.id,
      fundId: d.fund_id,
      beneficiaryId: d.beneficiary_id,
      visitId: visit.visitId,
      amountFen,
      orgCode: d.org_code,
      ...(d.incident_id !== null ? { incidentId: d.incident_id } : {}),
    });
  }

  private async deliverGoods(
    manager: EntityManager,
    visit: VisitLogged,
    problems: Problem[],
  ): Promise<{ itemCode: string; quantity: number; beneficiaryId: string }[]> {
    const lines = visit.beneficiaries.flatMap((b, bIndex) =>
      (b.goods ?? []).map((g, gIndex) => ({
        key: `stock:${bIndex}:${gIndex}:${g.itemCode}`,
        beneficiaryId: b.beneficiaryId,
        ...g,
      })),
    );
    if (lines.length === 0) return [];
    const items = [...new Set(lines.map((l) => l.itemCode))].sort();
    const rows = await manager.query<StockRow[]>(
      `SELECT ${STOCK_COLUMNS} FROM stock_items WHERE org_code = $1 AND item_code = ANY($2::text[])
        ORDER BY item_code FOR UPDATE`,
      [visit.orgCode, items],
    );
    const onHand = new Map(
      rows.map((r) => [r.item_code, fen(r.received_qty) - fen(r.delivered_qty)]),
    );
    const done: { itemCode: string; quantity: number; beneficiaryId: string }[] = [];

    for (const line of lines) {
      const available = onHand.get(line.itemCode) ?? 0;
      if (line.quantity > available) {
        problems.push({
          lineKey: line.key,
          data: {
            kind: 'stock',
            visitId: visit.visitId,
            itemCode: line.itemCode,
            expected: available,
            actual: line.quantity,
            orgCode: visit.orgCode,
            incidentId: visit.incidentId,
            reason: `${line.itemCode}: ${line.quantity} handed over, ${available} on hand at ${visit.orgCode}`,
          },
        });
        continue;
      }
      onHand.set(line.itemCode, available - line.quantity);
      await updateReturning(
        manager,
        `UPDATE stock_items SET delivered_qty = delivered_qty + $3::bigint, updated_at = now()
          WHERE org_code = $1 AND item_code = $2 RETURNING item_code`,
        [visit.orgCode, line.itemCode, String(line.quantity)],
      );
      await manager.query(
        `INSERT INTO stock_movements (id, kind, org_code, item_code, quantity, visit_id, beneficiary_id, actor_sub)
         VALUES ($1, 'delivery', $2, $3, $4::bigint, $5, $6, $7)`,
        [
          randomUUID(),
          visit.orgCode,
          line.itemCode,
          String(line.quantity),
          visit.visitId,
          line.beneficiaryId,
          RequestContext.current()?.actor?.sub ?? null,
        ],
      );
      await this.outbox.publish(
        manager,
        'stock.delivered',
        stockAggregateId(visit.orgCode, line.itemCode),
        {
          orgCode: visit.orgCode,
          itemCode: line.itemCode,
          quantity: line.quantity,
          visitId: visit.visitId,
          beneficiaryId: line.beneficiaryId,
          incidentId: visit.incidentId,
        },
      );
      done.push({
        itemCode: line.itemCode,
        quantity: line.quantity,
        beneficiaryId: line.beneficiaryId,
      });
    }
    return done;
  }

  /** Records each discrepancy once per (event, line), so a redelivery never raises it again. */
  private async report(
    manager: EntityManager,
    eventId: string,
    problems: Problem[],
  ): Promise<void> {
    for (const { lineKey, data } of problems) {
      const id = randomUUID();
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO discrepancies (id, source_event_id, line_key, kind, visit_id, disbursement_id, item_code,
                                      expected, actual, org_code, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9::bigint, $10, $11)
           ON CONFLICT (source_event_id, line_key) DO NOTHING RETURNING id`,
        [
          id,
          eventId,
          lineKey,
          data.kind,
          data.visitId ?? null,
          data.disbursementId ?? null,
          data.itemCode ?? null,
          String(data.expected),
          String(data.actual),
          data.orgCode,
          data.reason,
        ],
      );
      if (inserted.length === 0) continue;
      await this.outbox.publish(
        manager,
        'discrepancy.reported',
        data.disbursementId ?? data.visitId ?? id,
        data,
      );
    }
  }
}
