import { DataSource } from 'typeorm';

/**
 * Rows of `sql` from a server-side cursor, `batch` at a time, inside one REPEATABLE READ
 * transaction: a consistent snapshot, and memory bounded by the batch whatever the row count.
 */
export async function* cursorRows(
  dataSource: DataSource,
  sql: string,
  params: unknown[],
  batch = 1000,
): AsyncGenerator<Record<string, unknown>[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows = (await runner.query(`FETCH ${batch} FROM export_cursor`)) as Record<
        string,
        unknown
      >[];
      if (rows.length === 0) break;
      yield rows;
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** One CSV field: quoted when it holds a separator, quote or line break; formula starts defused. */
export function csvField(value: string | number): string {
  let s = String(value);
  // A cell starting with = + - @ would run as a formula in Excel (CSV injection).
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
