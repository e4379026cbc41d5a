// The spine after quiescence: every outbox row of every service published (none parked, none
// waiting), and every consumer group's lag 0 on every topic it reads.
import { ident, Queryable, Verdict, verdict } from './verdict';

export interface OutboxRow {
  schema: string;
  id: string;
  type: string;
  createdAt: Date;
  published: boolean;
  parked: boolean;
}

export interface GroupTopicLag {
  group: string;
  topic: string;
  lag: number;
}

/** ops-monitor's lag report (GET /api/ops/lag), or the same figures from elsewhere. */
export type LagReader = () => Promise<{
  groups: { group: string; topics: { topic: string; lag: number }[] }[];
}>;

export function judgeOutbox(rows: OutboxRow[]): Verdict[] {
  return rows.map((r) =>
    verdict(
      'outbox published',
      `${r.schema} outbox ${r.type} ${r.id}`,
      r.createdAt,
      r.parked ? 'parked' : !r.published && 'not published',
    ),
  );
}

export function judgeLag(lags: GroupTopicLag[], at: Date): Verdict[] {
  return lags.map((l) =>
    verdict('lag 0', `${l.group} on ${l.topic}`, at, l.lag !== 0 && `lag ${l.lag}`),
  );
}

export async function loadOutbox(db: Queryable, schemas: readonly string[]): Promise<OutboxRow[]> {
  const all: OutboxRow[] = [];
  for (const schema of schemas) {
    const { rows: found } = await db.query<{ t: string | null }>(
      `SELECT to_regclass($1)::text AS t`,
      [`${ident(schema)}.outbox`],
    );
    if (!found[0]?.t) continue;
    const { rows } = await db.query<{
      id: string;
      type: string;
      created_at: Date;
      published: boolean;
      parked: boolean;
    }>(
      `SELECT id, type, created_at, published_at IS NOT NULL AS published, parked_at IS NOT NULL AS parked
         FROM ${ident(schema)}.outbox ORDER BY seq`,
    );
    for (const r of rows)
      all.push({
        schema,
        id: r.id,
        type: r.type,
        createdAt: r.created_at,
        published: r.published,
        parked: r.parked,
      });
  }
  return all;
}

export async function loadLag(read: LagReader): Promise<GroupTopicLag[]> {
  const report = await read();
  return report.groups.flatMap((g) =>
    g.topics.map((t) => ({ group: g.group, topic: t.topic, lag: t.lag })),
  );
}
