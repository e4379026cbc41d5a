import { EntityManager } from 'typeorm';

export interface OrgRecord {
  code: string;
  name: string;
  level: string;
  parentCode?: string;
  /** Codes from the root to this org itself. */
  path: string[];
}

interface OrgRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  path: string[];
}

/** The service's replica of the union org tree (table org_replica in its own schema). */
export const OrgDirectory = {
  /** Inserts or refreshes one org; safe to repeat (events arrive at least once). */
  async upsert(manager: EntityManager, org: OrgRecord): Promise<void> {
    if (org.path.length === 0 || org.path[org.path.length - 1] !== org.code) {
      throw new Error(`org ${org.code}: path must list the codes from the root to the org itself`);
    }
    const expectedParent = org.path.length > 1 ? org.path[org.path.length - 2] : undefined;
    if ((org.parentCode ?? undefined) !== expectedParent) {
      throw new Error(`org ${org.code}: parentCode does not match its path`);
    }
    await manager.query(
      `INSERT INTO org_replica (code, name, level, parent_code, path, updated_at)
       VALUES ($1, $2, $3, $4, $5::text[], now())
       ON CONFLICT (code) DO UPDATE
         SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
             path = EXCLUDED.path, updated_at = now()`,
      [org.code, org.name, org.level, org.parentCode ?? null, org.path],
    );
  },

  async find(manager: EntityManager, code: string): Promise<OrgRecord | undefined> {
    const rows: OrgRow[] = await manager.query(
      `SELECT code, name, level, parent_code, path FROM org_replica WHERE code = $1`,
      [code],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      code: row.code,
      name: row.name,
      level: row.level,
      ...(row.parent_code !== null ? { parentCode: row.parent_code } : {}),
      path: row.path,
    };
  },
};
