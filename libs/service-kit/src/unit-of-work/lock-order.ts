/** Row locks on one table, taken by key in key order (`SELECT … ORDER BY key FOR UPDATE`). */
export interface RowLockKind {
  name: string;
  table: string;
  /** The columns returned for each locked row. */
  columns: string;
  /** The key column (default `id`) and its PostgreSQL type (default `uuid`). */
  key?: string;
  keyType?: 'uuid' | 'text';
}

/** Transaction-scoped advisory locks in a namespace of this schema, taken by key in key order. */
export interface AdvisoryLockKind {
  name: string;
  advisory: true;
}

export type LockKind = RowLockKind | AdvisoryLockKind;

export const LOCK_ORDER = Symbol('LOCK_ORDER');

/**
 * The one order in which a service's writes take their locks: a kind is never taken after a kind
 * listed below it, and keys of one kind only ascending, so two writers never wait in a cycle.
 */
export class LockOrder {
  private readonly kinds = new Map<string, { kind: LockKind; rank: number }>();

  constructor(kinds: readonly LockKind[]) {
    kinds.forEach((kind, rank) => {
      if (this.kinds.has(kind.name)) throw new Error(`lock kind ${kind.name} listed twice`);
      this.kinds.set(kind.name, { kind, rank });
    });
  }

  get(name: string): { kind: LockKind; rank: number } {
    const found = this.kinds.get(name);
    if (!found) throw new Error(`lock kind ${name} is not in this service's lock order`);
    return found;
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }
}

export class LockOrderViolation extends Error {
  constructor(message: string) {
    super(`lock order: ${message}`);
    this.name = 'LockOrderViolation';
  }
}

/** The statement that locks `keys` (sorted, distinct) of a row kind and returns their rows. */
export function rowLockSql(kind: RowLockKind): string {
  const key = kind.key ?? 'id';
  return `SELECT ${kind.columns} FROM ${kind.table} WHERE ${key} = ANY($1::${kind.keyType ?? 'uuid'}[])
           ORDER BY ${key} FOR UPDATE`;
}

export const ADVISORY_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || $1), hashtext($2))`;
