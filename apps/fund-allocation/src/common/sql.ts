import { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE … RETURNING and gives its rows: TypeORM's postgres driver answers UPDATE and
 * DELETE with [rows, rowCount] instead of the rows alone.
 */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const raw = (await manager.query(sql, params)) as unknown;
  if (
    Array.isArray(raw) &&
    raw.length === 2 &&
    Array.isArray(raw[0]) &&
    typeof raw[1] === 'number'
  ) {
    return raw[0] as T[];
  }
  return raw as T[];
}
