/**
 * Benchmark (not a test): pushes N events through outbox → relay → broker → inbox → a projection
 * table and prints throughput, commit-to-projection latency and the outbox backlog over time.
 *   npm run bench:spine -- [--events 20000] [--batch 100] [--rate 0]
 * Uses TEST_DATABASE_URL (default the aidflow_test database) and KAFKA_BROKERS (default the local broker).
 */
import { createEvent } from '@aidflow/contracts';
import { ensureDatabase } from '@aidflow/database';
import { Logger } from '@nestjs/common';
import { testDatabaseUrl, uniqueName } from '@aidflow/testing';
import { resolveBrokers } from '../kafka/resolve-brokers';
import { MessagingRuntime } from '../messaging.runtime';
import { OutboxService } from '../outbox/outbox.service';
import { CreateProbeProjection1764000000001, ProbeConsumer } from './probe';
import { startSpineNode } from './spine-harness';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  // Only problems: the figures are the output.
  Logger.overrideLogger(['warn', 'error']);
  const total = arg('events', 20000);
  const perTransaction = arg('batch', 100);
  // 0 = as fast as possible (throughput); N = paced at N events/s (latency below saturation).
  const rate = arg('rate', 0);
  await ensureDatabase(testDatabaseUrl());
  process.env.KAFKA_BROKERS = resolveBrokers(process.env.KAFKA_BROKERS ?? '').join(',');
  const prefix = `${uniqueName('bench')}.`;
  const producerNode = await startSpineNode({
    serviceName: 'bench-a',
    schema: uniqueName('bench_a'),
    topicPrefix: prefix,
  });
  const consumerNode = await startSpineNode({
    serviceName: 'bench-b',
    schema: uniqueName('bench_b'),
    topicPrefix: prefix,
    providers: [ProbeConsumer],
    migrations: [CreateProbeProjection1764000000001],
    relay: false,
  });
  try {
    await consumerNode.app.get(MessagingRuntime).inbox!.ready();
    const outbox = producerNode.app.get(OutboxService);
    const backlog: string[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      void Promise.all([
        producerNode.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        ),
        consumerNode.dataSource.query(`SELECT count(*)::int AS n FROM probe_projection`),
      ]).then(([[o], [p]]: { n: number }[][]) => {
        backlog.push(
          `${((Date.now() - started) / 1000).toFixed(1)}s backlog=${o.n} projected=${p.n}`,
        );
      });
    }, 500);
    for (let seq = 0; seq < total; seq += perTransaction) {
      if (rate > 0) {
        const due = started + (seq / rate) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      await producerNode.dataSource.transaction(async (manager) => {
        const events = [];
        for (let i = seq; i < Math.min(total, seq + perTransaction); i++) {
          events.push(
            createEvent('system.probe', {
              aggregateId: `bench-${i % 64}`,
              data: { seq: i },
              producer: 'bench-a',
              correlationId: `bench-${seq}`,
            }),
          );
        }
        // One multi-row insert per transaction, as a service appending several events would.
        await outbox.append(manager, ...events);
      });
    }
    const appended = Date.now();
    for (;;) {
      const [{ n }] = await consumerNode.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM probe_projection`,
      );
      if (n >= total) break;
      if (Date.now() - appended > arg('timeout', 300) * 1000) {
        for (const line of backlog) console.log(`  ${line}`);
        throw new Error(`only ${n} of ${total} projected in time`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const finished = Date.now();
    clearInterval(sampler);
    const [stats] = await consumerNode.dataSource.query<
      { n: number; distinct_events: number; p50: number; p99: number; max: number }[]
    >(`
      SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM applied_at - occurred_at) * 1000) AS p50,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM applied_at - occurred_at) * 1000) AS p99,
             max(extract(epoch FROM applied_at - occurred_at) * 1000)::float8 AS max
        FROM probe_projection`);
    const seconds = (finished - started) / 1000;
    console.log(
      `events: ${total} (transactions of ${perTransaction}, ${rate > 0 ? `paced at ${rate}/s` : 'unpaced'}), applied ${stats.n}, distinct ${stats.distinct_events}`,
    );
    console.log(
      `append: ${(total / ((appended - started) / 1000)).toFixed(0)} events/s into the outbox`,
    );
    console.log(
      `end to end: ${(total / seconds).toFixed(0)} events/s (${seconds.toFixed(1)} s from first append to last projection)`,
    );
    console.log(
      `latency occurredAt→projection: p50 ${stats.p50.toFixed(0)} ms, p99 ${stats.p99.toFixed(0)} ms, max ${stats.max.toFixed(0)} ms`,
    );
    console.log('outbox backlog over time:');
    for (const line of backlog) console.log(`  ${line}`);
  } finally {
    await consumerNode.close();
    await producerNode.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
