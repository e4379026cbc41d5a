// The DLQ holds exactly the injected poison messages: every dead letter is one of them, each was
// dead-lettered, and none twice by the same consumer group.
import { ident, Queryable, Verdict, verdict } from './verdict';

export interface InjectedPoison {
  /** The Kafka key it was published with (how its dead letters are recognised). */
  key: string;
  topic: string;
  at: Date;
}

export interface DeadLetter {
  key: string | null;
  topic: string;
  consumerGroup: string | null;
  reason: string | null;
  eventType: string | null;
  receivedAt: Date;
}

export function judgeDlq(poison: readonly InjectedPoison[], letters: DeadLetter[]): Verdict[] {
  const expected = new Map(poison.map((p) => [p.key, p]));
  const seen = new Map<string, number>();
  const verdicts: Verdict[] = [];
  for (const d of letters) {
    const known = d.key !== null && expected.has(d.key);
    const once = `${d.key} ${d.consumerGroup}`;
    seen.set(once, (seen.get(once) ?? 0) + 1);
    verdicts.push(
      verdict(
        'dlq = poison',
        `dead letter ${d.topic} ${d.eventType ?? 'unparsed'} (${d.consumerGroup ?? '?'})`,
        d.receivedAt,
        !known
          ? `not injected: ${d.reason ?? 'no reason'}`
          : seen.get(once)! > 1 &&
              `${d.key} dead-lettered ${seen.get(once)} times by ${d.consumerGroup}`,
      ),
    );
  }
  const keys = new Set(letters.map((d) => d.key));
  for (const p of poison)
    verdicts.push(
      verdict(
        'dlq = poison',
        `poison ${p.key} on ${p.topic}`,
        p.at,
        !keys.has(p.key) && 'never dead-lettered',
      ),
    );
  return verdicts;
}

export async function loadDeadLetters(db: Queryable, opsSchema: string): Promise<DeadLetter[]> {
  const { rows } = await db.query<{
    message_key: string | null;
    topic: string;
    consumer_group: string | null;
    reason: string | null;
    event_type: string | null;
    received_at: Date;
  }>(
    `SELECT message_key, topic, consumer_group, reason, event_type, received_at
       FROM ${ident(opsSchema)}.dlq_message ORDER BY received_at, id`,
  );
  return rows.map((r) => ({
    key: r.message_key,
    topic: r.topic,
    consumerGroup: r.consumer_group,
    reason: r.reason,
    eventType: r.event_type,
    receivedAt: r.received_at,
  }));
}
