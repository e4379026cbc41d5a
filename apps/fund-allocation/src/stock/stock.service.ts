import { AuthUser, OrgDirectory, ScopeService } from '@aidflow/auth';
import { badRequest, unprocessable, Page, pageOf, pageSize } from '@aidflow/platform';
import { UnitOfWork, WriteTransaction } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ListStockQuery } from './dto/list-stock.query';
import { ReceiveStockDto } from './dto/receive-stock.dto';
import { ReceiptView, STOCK_COLUMNS, StockRow, StockView, toStockView } from './dto/stock.view';

/** Kafka key of an item's stock events, so one org's item stays in order. */
export function stockAggregateId(orgCode: string, itemCode: string): string {
  return `${orgCode}/${itemCode}`;
}

@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly scope: ScopeService,
  ) {}

  async receive(
    user: AuthUser,
    dto: ReceiveStockDto,
    key: string | undefined,
  ): Promise<ReceiptView> {
    return this.uow.run({ idempotency: { key, request: dto } }, (tx) =>
      this.receiveLocked(tx, user, dto),
    );
  }

  private async receiveLocked(
    tx: WriteTransaction,
    user: AuthUser,
    dto: ReceiveStockDto,
  ): Promise<ReceiptView> {
    const manager = tx.manager;
    if (!(await OrgDirectory.find(manager, dto.orgCode))) {
      throw unprocessable(`org ${dto.orgCode} is not known`, [
        { field: 'orgCode', problem: 'no org with this code is known' },
      ]);
    }
    await this.scope.assertCanWrite(user, dto.orgCode, manager);
    const [row] = await manager.query<StockRow[]>(
      `INSERT INTO stock_items (org_code, item_code, name, received_qty)
       VALUES ($1, $2, $3, $4::bigint)
       ON CONFLICT (org_code, item_code) DO UPDATE
         SET received_qty = stock_items.received_qty + EXCLUDED.received_qty,
             name = EXCLUDED.name, updated_at = now()
       RETURNING ${STOCK_COLUMNS}`,
      [dto.orgCode, dto.itemCode, dto.name, String(dto.quantity)],
    );
    if (!row) throw new Error('stock upsert returned no row');
    const receiptId = randomUUID();
    await manager.query(
      `INSERT INTO stock_movements (id, kind, org_code, item_code, quantity, actor_sub)
       VALUES ($1, 'receipt', $2, $3, $4::bigint, $5)`,
      [receiptId, dto.orgCode, dto.itemCode, String(dto.quantity), user.sub],
    );
    tx.publish('stock.received', stockAggregateId(dto.orgCode, dto.itemCode), {
      receiptId,
      orgCode: dto.orgCode,
      itemCode: dto.itemCode,
      name: dto.name,
      quantity: dto.quantity,
    });
    tx.record({
      action: 'stock.receive',
      targetType: 'stock',
      targetId: stockAggregateId(dto.orgCode, dto.itemCode),
      orgCode: dto.orgCode,
      summary: { receiptId, ...dto },
    });
    return { receiptId, ...dto, stock: toStockView(row) };
  }

  /** Received, delivered and on hand per item, for one org or the caller's whole subtree. */
  async list(user: AuthUser, query: ListStockQuery): Promise<Page<StockView>> {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.orgCode !== undefined) {
      await this.scope.assertCanRead(
        user,
        query.orgCode,
        undefined,
        `org ${query.orgCode} not found`,
      );
      where.push(`org_code = $${params.push(query.orgCode)}`);
    } else {
      where.push(`org_code = ANY($${params.push(await this.scope.subtreeCodes(user))}::text[])`);
    }
    const after = decodeStockCursor(query.cursor);
    if (after) {
      where.push(
        `(org_code, item_code) > ($${params.push(after.orgCode)}, $${params.push(after.itemCode)})`,
      );
    }
    const rows = await this.dataSource.query<StockRow[]>(
      `SELECT ${STOCK_COLUMNS} FROM stock_items WHERE ${where.join(' AND ')}
        ORDER BY org_code, item_code LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return pageOf(rows, limit, toStockView, (row) =>
      Buffer.from(JSON.stringify([row.org_code, row.item_code]), 'utf8').toString('base64url'),
    );
  }
}

function decodeStockCursor(
  cursor: string | undefined,
): { orgCode: string; itemCode: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((p) => typeof p === 'string')
    ) {
      return { orgCode: parsed[0], itemCode: parsed[1] };
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'cursor', problem: 'is not a cursor this list returned' }]);
}
