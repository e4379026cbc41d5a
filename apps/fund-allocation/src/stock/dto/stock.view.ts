import { fen } from '../../common/money';

export interface StockRow {
  org_code: string;
  item_code: string;
  name: string;
  received_qty: string;
  delivered_qty: string;
  updated_at: Date;
}

export const STOCK_COLUMNS = 'org_code, item_code, name, received_qty, delivered_qty, updated_at';

export interface StockView {
  orgCode: string;
  itemCode: string;
  name: string;
  received: number;
  delivered: number;
  onHand: number;
  updatedAt: string;
}

export interface ReceiptView {
  receiptId: string;
  orgCode: string;
  itemCode: string;
  name: string;
  quantity: number;
  stock: StockView;
}

export function toStockView(row: StockRow): StockView {
  // Counts are bigint like money; the same exactness check applies.
  const received = fen(row.received_qty);
  const delivered = fen(row.delivered_qty);
  return {
    orgCode: row.org_code,
    itemCode: row.item_code,
    name: row.name,
    received,
    delivered,
    onHand: received - delivered,
    updatedAt: row.updated_at.toISOString(),
  };
}
