// What every invariant check produces: one verdict per subject (a fund, a visit, an outbox row …),
// with the moment the subject last changed, so a verdict can be laid against the faults' windows.

export const INVARIANTS = [
  'fund identity',
  'ledger sums',
  'ops = funds',
  'visit once',
  'delivery ≤ 1',
  'advance whole',
  'outbox published',
  'lag 0',
  'dlq = poison',
  'audit chain',
  'expected outcome',
] as const;

export type Invariant = (typeof INVARIANTS)[number];

export interface Verdict {
  invariant: Invariant;
  /** What was checked, e.g. `fund 1b2c…` (ids only: never personal data). */
  subject: string;
  /** When the subject last changed (global checks: when they were checked). */
  at: Date;
  /** Set when the invariant does not hold for this subject. */
  problem?: string;
}

/** A pg Pool or Client: the checks only read. */
export interface Queryable {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The schemas of one system in one database (npm start's names by default). */
export interface SystemSchemas {
  intake: string;
  funds: string;
  visits: string;
  ops: string;
  identity: string;
}

export const DEFAULT_SCHEMAS: SystemSchemas = {
  intake: 'intake',
  funds: 'funds',
  visits: 'visits',
  ops: 'ops',
  identity: 'identity',
};

/** A verdict that holds unless `problem` is a non-empty string. */
export function verdict(
  invariant: Invariant,
  subject: string,
  at: Date,
  problem: string | false | undefined,
): Verdict {
  return problem ? { invariant, subject, at, problem } : { invariant, subject, at };
}

/** pg returns bigint and numeric as strings: exact arithmetic stays in BigInt. */
export function big(value: string | number | null | undefined): bigint {
  return BigInt(value ?? 0);
}

/** A schema name checked before it is put into SQL text. */
export function ident(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `"${schema}"`;
}
